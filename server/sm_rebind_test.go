package server_test

import (
	"context"
	"encoding/xml"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// bindRequest is an RFC 6120 §7 <bind/> payload asking for resource ("" for
// none).
func bindRequest(resource string) xmlstream.Marshaler {
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(xml.Name{Space: xmpp.NSBind, Local: "bind"}); err != nil {
			return err
		}
		if resource != "" {
			if err := w.TextElement(xml.Name{Space: xmpp.NSBind, Local: "resource"}, resource); err != nil {
				return err
			}
		}
		return w.End()
	})
}

// TestBindAfterResumeRefused: a client that binds on a stream it resumed
// (XEP-0198 §5: the resumed stream keeps its full JID and is not bound
// again) gets not-allowed from the server (RFC 6120 §7.6.2.2), and keeps
// its stream, its full JID and its stream management: messages still
// arrive, its own are acknowledged, and the stream resumes again after
// another drop. The old code answered service-unavailable in the name of
// the account, as for any IQ it does not serve.
func TestBindAfterResumeRefused(t *testing.T) {
	srv := newServer(t, server.Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	alice, bob, st := keptStream(ctx, t, srv)
	alice.connect(sm.ResumeFeature(st, smQuiet), xmpp.BindResource())
	if r := sm.ResumptionOf(alice.sess, st); !r.Resumed {
		t.Fatalf("not resumed: %+v", r)
	}
	alice.wait(2, 0) // "one" and "two", sent again and routed meanwhile
	domain := jid.MustParse("example.test")
	for _, tc := range []struct {
		name     string
		to       jid.JID
		resource string
	}{
		{"same resource", jid.JID{}, alice.jid.Resourcepart()},
		{"other resource", jid.JID{}, "other"},
		{"server's choice", jid.JID{}, ""},
		{"to the account", alice.jid.Bare(), "other"},
		{"to the server", domain, "other"},
	} {
		_, err := alice.sess.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ, To: tc.to}, bindRequest(tc.resource))
		var se *stanza.Error
		if !errors.As(err, &se) || se.Condition != stanza.NotAllowed || se.Type != stanza.Cancel || se.By != domain {
			t.Fatalf("%s: bind on the resumed stream answered %v, want cancel not-allowed by %s", tc.name, err, domain)
		}
	}
	select {
	case <-alice.sess.Done():
		t.Fatalf("the resumed stream ended: %v", alice.sess.Err())
	default:
	}
	if alice.sess.LocalAddr() != alice.jid {
		t.Fatalf("full JID now %s, want %s", alice.sess.LocalAddr(), alice.jid)
	}
	if err := bob.sess.Send(ctx, message.Chat(alice.jid, "three")); err != nil {
		t.Fatal(err)
	}
	if got := alice.wait(3, 0); !slices.Equal(got, []string{"one", "two", "three"}) {
		t.Fatalf("alice got %v, want [one two three]", got)
	}
	r, err := sm.Send(ctx, alice.sess, message.Chat(bob.jid, "back"))
	if err != nil {
		t.Fatal(err)
	}
	if err := sm.Flush(ctx, alice.sess); err != nil {
		t.Fatal(err)
	}
	if err := r.Wait(ctx); err != nil {
		t.Fatalf("not acknowledged after the refused bind: %v", err)
	}
	// The counts on both sides still agree: the stream resumes again.
	st = alice.kill()
	alice.connect(sm.ResumeFeature(st, smQuiet), xmpp.BindResource())
	if r := sm.ResumptionOf(alice.sess, st); !r.Resumed {
		t.Fatalf("not resumed after the refused bind: %+v", r)
	}
}
