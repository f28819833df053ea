package receipts_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func anyone(jid.JID) bool { return true }

// respond sends what reply returns for each message that asks for a
// receipt: the way to play a lying or silent recipient.
func respond(reply func(st *xmpp.Stanza) []*stanza.Message) mux.Option {
	return mux.AnyMessage(receipts.RequestName, xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		for _, h := range reply(st) {
			if err := s.Send(ctx, h.Wrap(receipts.Received{ID: st.Header.ID})); err != nil {
				return err
			}
		}
		return nil
	}))
}

func ack(from string) func(*xmpp.Stanza) []*stanza.Message {
	return func(st *xmpp.Stanza) []*stanza.Message {
		return []*stanza.Message{{ID: "a", From: jid.MustParse(from), Type: st.Header.MessageType()}}
	}
}

func TestSendWithReceipt(t *testing.T) {
	const short = 300 * time.Millisecond
	for _, tc := range []struct {
		name    string
		client  mux.Option // besides the receipts Handler
		noRoute bool       // the client does not route receipts
		server  mux.Option
		msg     func(to jid.JID) *message.Message
		wantErr error
	}{
		{name: "answered", server: receipts.Handler{Allow: anyone}.Handle()},
		{name: "answered, bare match", server: respond(ack("juliet@example.net/balcony")),
			msg: func(jid.JID) *message.Message { return message.Chat(jid.MustParse("juliet@example.net"), "hi") }},
		{name: "full JID wants that resource", server: respond(ack("juliet@example.net/other")),
			msg:     func(jid.JID) *message.Message { return message.Chat(jid.MustParse("juliet@example.net/balcony"), "hi") },
			wantErr: context.DeadlineExceeded},
		{name: "forged sender", server: respond(ack("mallory@example.net/x")),
			msg:     func(jid.JID) *message.Message { return message.Chat(jid.MustParse("juliet@example.net"), "hi") },
			wantErr: context.DeadlineExceeded},
		{name: "refused by Allow", server: receipts.Handler{Allow: func(jid.JID) bool { return false }}.Handle(), wantErr: context.DeadlineExceeded},
		{name: "default Allow refuses strangers", server: receipts.Handler{}.Handle(), wantErr: context.DeadlineExceeded},
		{name: "groupchat not answered", server: receipts.Handler{Allow: anyone}.Handle(),
			msg: func(to jid.JID) *message.Message {
				m := message.Chat(to, "hi")
				m.Header.Type = stanza.GroupChatMessage
				return m
			}, wantErr: context.DeadlineExceeded},
		{name: "normal answered", server: receipts.Handler{Allow: anyone}.Handle(),
			msg: func(to jid.JID) *message.Message {
				m := message.Chat(to, "hi")
				m.Header.Type = stanza.NormalMessage
				return m
			}},
		{name: "client without the handler", noRoute: true, server: receipts.Handler{Allow: anyone}.Handle(), wantErr: context.DeadlineExceeded},
		{name: "no id", server: receipts.Handler{Allow: anyone}.Handle(),
			msg: func(to jid.JID) *message.Message {
				m := message.Chat(to, "hi")
				m.Header.ID = ""
				return m
			}, wantErr: receipts.ErrNoID},
		{name: "error message", server: receipts.Handler{Allow: anyone}.Handle(),
			msg: func(to jid.JID) *message.Message {
				m := message.Chat(to, "hi")
				m.Header.Type = stanza.ErrorMessage
				return m
			}, wantErr: receipts.ErrNotContent},
		{name: "a receipt", server: receipts.Handler{Allow: anyone}.Handle(),
			msg: func(to jid.JID) *message.Message {
				m := message.Chat(to, "")
				m.Bodies = nil
				m.Payload = []xmlstream.Marshaler{receipts.Received{ID: "x"}}
				return m
			}, wantErr: receipts.ErrNotContent},
		{name: "no recipient", server: receipts.Handler{Allow: anyone}.Handle(),
			msg: func(jid.JID) *message.Message { return message.Chat(jid.JID{}, "hi") }, wantErr: receipts.ErrNoRecipient},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client := mux.New(receipts.Handler{}.Handle())
			if tc.noRoute {
				client = mux.New()
			}
			c, s := xmpptest.Pair(t, xmpptest.Handlers(client, mux.New(tc.server)))
			m := message.Chat(s.LocalAddr(), "hi")
			if tc.msg != nil {
				m = tc.msg(s.LocalAddr())
			}
			ctx, cancel := context.WithTimeout(context.Background(), short)
			defer cancel()
			if tc.wantErr == nil {
				ctx, cancel = context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
			}
			err := receipts.SendWithReceipt(ctx, c, m)
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Errorf("got %v, want %v", err, tc.wantErr)
			}
			if n := len(m.Payload); n > 1 || n == 1 && tc.name != "a receipt" {
				t.Errorf("the caller's message has %d payloads afterwards", n)
			}
			if n := receipts.Sessions(); n != 0 {
				t.Errorf("%d sessions still tracked", n)
			}
		})
	}
}
