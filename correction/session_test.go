package correction_test

import (
	"context"
	"encoding/xml"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/correction"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestSession delivers a message and its corrections over a real pair (the
// server side plays the sender's server); the receiving client accepts the
// correction from the original's sender and refuses one from another
// resource.
func TestSession(t *testing.T) {
	type seen struct{ text, err string }
	got := make(chan seen, 4)
	senders := map[string]string{} // message id → full JID of its sender
	h := mux.New(mux.AnyMessage(xml.Name{}, xmpp.HandlerFunc(func(_ context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		m, err := message.Parse(st.Element)
		if err != nil {
			return err
		}
		from := st.Header.From
		if from.IsZero() {
			from = s.RemoteAddr()
		}
		r, ok, err := correction.Of(st.Element)
		switch {
		case err != nil:
			got <- seen{err: err.Error()}
		case !ok:
			senders[st.Header.ID] = from.String()
			got <- seen{text: m.Body("")}
		default:
			orig, _ := jidOf(senders[r.ID])
			if err := correction.Check(from, orig); err != nil {
				got <- seen{err: err.Error()}
			} else {
				got <- seen{text: "corrected " + r.ID + ": " + m.Body("")}
			}
		}
		return nil
	})))
	c, s := xmpptest.Pair(t, xmpptest.Handlers(h, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	romeo := func(m *message.Message, res string) *message.Message {
		m.Header.From = jid.MustParse("romeo@example.net/" + res)
		return m
	}
	orig := romeo(message.Chat(c.LocalAddr(), "helo"), "orchard")
	for _, tc := range []struct {
		m    *message.Message
		want seen
	}{
		{orig, seen{text: "helo"}},
		{romeo(correction.Correct(c.LocalAddr(), orig.Header.ID, "hello"), "orchard"), seen{text: "corrected " + orig.Header.ID + ": hello"}},
		{romeo(correction.Correct(c.LocalAddr(), orig.Header.ID, "pwned"), "garden"), seen{err: correction.ErrNotSender.Error()}},
	} {
		if err := s.Send(ctx, tc.m); err != nil {
			t.Fatal(err)
		}
		select {
		case g := <-got:
			if g != tc.want {
				t.Errorf("got %+v, want %+v", g, tc.want)
			}
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		}
	}
}

func jidOf(s string) (jid.JID, error) {
	if s == "" {
		return jid.JID{}, nil
	}
	return jid.Parse(s)
}
