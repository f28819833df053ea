package ping_test

import (
	"context"
	"encoding/xml"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestEncode(t *testing.T) {
	for _, tc := range []struct {
		defaultNS string
		want      string
	}{
		{"jabber:client", `<ping xmlns="urn:xmpp:ping"/>`},
		{"urn:xmpp:ping", `<ping/>`},
	} {
		if got := xmpptest.MarshalIn(t, tc.defaultNS, ping.Ping{}); got != tc.want {
			t.Errorf("in %s: got %s, want %s", tc.defaultNS, got, tc.want)
		}
	}
}

// TestSend pings in both directions: client to server (no 'to', and to the
// server's domain) and server to client, each side answering with the
// registered Handler.
func TestSend(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts xmpptest.Options
	}{
		{"pipe", xmpptest.Options{}},
		{"TCP with TLS", xmpptest.Options{TLS: true, TCP: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := mux.New(ping.Handler{}.Handle())
			tc.opts.Client.Handler, tc.opts.Server.Handler = h, h
			client, server := xmpptest.Pair(t, tc.opts)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			for _, dir := range []struct {
				name string
				s    *xmpp.Session
				to   jid.JID
			}{
				{"client to its server, no to", client, jid.JID{}},
				{"client to the server's domain", client, client.RemoteAddr()},
				{"server to the client", server, server.RemoteAddr()},
			} {
				rtt, err := ping.Send(ctx, dir.s, dir.to)
				if err != nil || rtt <= 0 {
					t.Errorf("%s: rtt %v, err %v", dir.name, rtt, err)
				}
			}
		})
	}
}

// TestSendErrorAnswer: an entity without the handler answers
// service-unavailable, which still measures the round trip.
func TestSendErrorAnswer(t *testing.T) {
	client, server := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range []*xmpp.Session{client, server} {
		rtt, err := ping.Send(ctx, s, s.RemoteAddr())
		if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) || rtt <= 0 {
			t.Errorf("rtt %v, err %v; want a round trip and service-unavailable", rtt, err)
		}
	}
}

// TestSendCancelled: a ping that is never answered returns ctx's error and
// no round-trip time, and the stream stays usable.
func TestSendCancelled(t *testing.T) {
	// The handler answers only as the test ends: it runs on the server's
	// read loop, so while it waits the server reads nothing, the client's
	// closing tag included (closing the pair would wait its 5 s out).
	answer := make(chan struct{})
	silent := mux.IQResponderFunc(func(ctx context.Context, _ *xmpp.Session, _ *xmpp.Stanza) (xmlstream.Marshaler, error) {
		select {
		case <-answer:
			return nil, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	})
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(mux.Get(ping.Name, silent))))
	defer close(answer)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	rtt, err := ping.Send(ctx, client, jid.JID{})
	if !errors.Is(err, context.DeadlineExceeded) || rtt != 0 {
		t.Errorf("rtt %v, err %v; want 0, deadline exceeded", rtt, err)
	}
	select {
	case <-client.Done():
		t.Error("the stream ended with the cancelled ping")
	default:
	}
}

// TestHandlerRefuses checks the handler routed by its Handle: it answers
// pings and nothing else.
func TestHandlerRefuses(t *testing.T) {
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(ping.Handler{}.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := ping.Send(ctx, client, jid.JID{}); err != nil {
		t.Fatalf("ping: %v", err)
	}
	for _, tc := range []struct {
		name    string
		typ     stanza.IQType
		payload xmlstream.Marshaler
	}{
		{"IQ set ping", stanza.SetIQ, ping.Ping{}},
		{"IQ get other", stanza.GetIQ, xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
			_ = w.Start(xml.Name{Space: "urn:example", Local: "q"})
			return w.End()
		})},
	} {
		_, err := client.SendIQ(ctx, stanza.IQ{Type: tc.typ}, tc.payload)
		if !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
			t.Errorf("%s: got %v, want service-unavailable", tc.name, err)
		}
	}
}
