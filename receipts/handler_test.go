package receipts_test

import (
	"context"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/receipts"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// seenAck is a receipt as the requester saw it.
type seenAck struct {
	id  string
	typ stanza.MessageType
}

// TestAnswer sends the Handler requests it must and must not answer. Each
// case is followed by a request that is always answered, so that the
// absence of an answer is seen without waiting for a timeout.
func TestAnswer(t *testing.T) {
	acks := make(chan seenAck, 16)
	requester := mux.New(mux.AnyMessage(receipts.ReceivedName, xmpp.HandlerFunc(func(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
		el, _ := st.Element.Child(receipts.NS, "received")
		r, err := receipts.ParseReceived(el)
		if err != nil {
			t.Errorf("bad receipt: %v", err)
		}
		acks <- seenAck{r.ID, st.Header.MessageType()}
		return nil
	})))
	var allow jid.JID
	recipient := mux.New(receipts.Handler{Allow: func(from jid.JID) bool { return from.Equal(allow) }}.Handle())
	c, s := xmpptest.Pair(t, xmpptest.Handlers(recipient, requester))
	allow = s.LocalAddr() // messages from the server side come without a from: its address
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req := receipts.Request{}
	for _, tc := range []struct {
		name    string
		h       stanza.Message
		payload []xmlstream.Marshaler
		want    bool
	}{
		{"chat", stanza.Message{ID: "c", Type: stanza.ChatMessage}, nil, true},
		{"normal", stanza.Message{ID: "n"}, nil, true},
		{"headline", stanza.Message{ID: "h", Type: stanza.HeadlineMessage}, nil, true},
		{"groupchat", stanza.Message{ID: "g", Type: stanza.GroupChatMessage}, nil, false},
		{"error", stanza.Message{ID: "e", Type: stanza.ErrorMessage}, nil, false},
		{"no id", stanza.Message{Type: stanza.ChatMessage}, nil, false},
		{"a receipt asking for a receipt", stanza.Message{ID: "loop", Type: stanza.ChatMessage}, []xmlstream.Marshaler{receipts.Received{ID: "x"}}, false},
		{"sender not allowed", stanza.Message{ID: "stranger", From: jid.MustParse("mallory@example.net/x"), Type: stanza.ChatMessage}, nil, false},
	} {
		h := tc.h
		h.To = c.LocalAddr()
		if err := s.Send(ctx, h.Wrap(append(tc.payload, req)...)); err != nil {
			t.Fatal(err)
		}
		sentinel := stanza.Message{ID: "sentinel-" + tc.name, To: c.LocalAddr(), Type: stanza.ChatMessage}
		if err := s.Send(ctx, sentinel.Wrap(req)); err != nil {
			t.Fatal(err)
		}
		var got []seenAck
		for {
			select {
			case a := <-acks:
				got = append(got, a)
			case <-ctx.Done():
				t.Fatalf("%s: no receipt for the sentinel; got %+v", tc.name, got)
			}
			if got[len(got)-1].id == sentinel.ID {
				break
			}
		}
		want := []seenAck{{sentinel.ID, stanza.ChatMessage}}
		if tc.want {
			want = append([]seenAck{{h.ID, h.Type}}, want...)
		}
		if len(got) != len(want) || got[0] != want[0] {
			t.Errorf("%s: receipts %+v, want %+v", tc.name, got, want)
		}
	}
}
