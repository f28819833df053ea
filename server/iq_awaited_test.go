package server_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestForwardedIQAcrossResumption: a request forwarded to a client whose
// connection drops before it answers waits while the stream is kept for
// resumption (XEP-0198): the client answers it on the resumed session and
// the requester gets that answer; if the window passes instead, the
// requester gets service-unavailable then (RFC 6121 §8.5.3.2.3), not at
// the drop.
func TestForwardedIQAcrossResumption(t *testing.T) {
	for _, c := range []struct {
		name    string
		resume  bool
		answer  string // what bob answers on the resumed stream
		wantErr error
		// window is the resume window: wide where bob resumes, since
		// reconnecting can take long on a loaded machine (-race), short
		// where the test waits for it to pass.
		window time.Duration
	}{
		{"resumed, result", true, "result", nil, 10 * time.Second},
		{"resumed, error", true, "error", stanza.NewError(stanza.FeatureNotImplemented), 10 * time.Second},
		{"window passes", false, "", stanza.NewError(stanza.ServiceUnavailable), 400 * time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			window := c.window
			srv := newServer(t, server.Config{ResumeWindow: window})
			alice := login(t, srv, "alice", "desk")
			bob := newSMClient(t, srv, "bob", "phone")
			reqs := make(chan *xmlstream.Element, 4)
			bob.other = func(el *xmlstream.Element) {
				if el.Name().Local == "iq" {
					reqs <- el
				}
			}

			type answer struct {
				el  *xmlstream.Element
				err error
				at  time.Time
			}
			answers := make(chan answer, 1)
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				el, err := alice.sess.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, To: bob.jid}, xmpptest.ElementIn(t, "jabber:client", "<query xmlns='urn:test:q'/>"))
				answers <- answer{el, err, time.Now()}
			}()
			var req *xmlstream.Element
			select {
			case req = <-reqs:
			case <-time.After(5 * time.Second):
				t.Fatal("the request did not reach bob")
			}
			st := bob.kill()
			dropped := time.Now()
			select {
			case a := <-answers:
				t.Fatalf("answered at the drop: %v", a.err)
			case <-time.After(100 * time.Millisecond): // within either window
			}
			if c.resume {
				bob.connect(sm.ResumeFeature(st, smQuiet), xmpp.BindResource(), sm.Feature(smQuiet))
				if r := sm.ResumptionOf(bob.sess, st); !r.Resumed {
					t.Fatalf("not resumed: %+v", r)
				}
				h := stanza.IQ{ID: req.Attr("id"), To: jid.MustParse(req.Attr("from")), Type: stanza.ResultIQ}
				var m xmlstream.Marshaler = xmlstream.MarshalerFunc(h.WriteEmpty)
				if c.answer == "error" {
					h.Type = stanza.ErrorIQ
					m = xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
						if err := h.WriteStart(w); err != nil {
							return err
						}
						if err := stanza.NewError(stanza.FeatureNotImplemented).WriteXML(w); err != nil {
							return err
						}
						return w.End()
					})
				}
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				if err := bob.sess.Send(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			var a answer
			select {
			case a = <-answers:
			case <-time.After(5 * time.Second):
				t.Fatal("no answer")
			}
			if c.wantErr == nil {
				if a.err != nil || a.el == nil || a.el.Attr("type") != "result" {
					t.Fatalf("answer %v %v, want bob's result", a.el, a.err)
				}
				return
			}
			var se *stanza.Error
			if !errors.As(a.err, &se) || !errors.Is(a.err, c.wantErr) {
				t.Fatalf("answer %v, want %v", a.err, c.wantErr)
			}
			if !c.resume && a.at.Sub(dropped) < window/2 {
				t.Errorf("answered %v after the drop, before the window (%v) passed", a.at.Sub(dropped), window)
			}
		})
	}
}
