package server_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// routeWorld is alice/phone, available; bob/desk, available, and
// bob/hidden, connected but never available; carol/idle, connected only.
type routeWorld struct {
	alice, desk, hidden, idle *client
}

func newRouteWorld(t *testing.T) routeWorld {
	srv := newServer(t, server.Config{})
	w := routeWorld{
		alice:  login(t, srv, "alice", "phone"),
		desk:   login(t, srv, "bob", "desk"),
		hidden: login(t, srv, "bob", "hidden"),
		idle:   login(t, srv, "carol", "idle"),
	}
	w.alice.online()
	w.desk.online()
	w.alice.drain()
	w.hidden.drain()
	return w
}

func (w routeWorld) clients() map[string]*client {
	return map[string]*client{"alice": w.alice, "desk": w.desk, "hidden": w.hidden, "idle": w.idle}
}

// TestRoutingRules checks RFC 6121 §8.5 (and RFC 6120 §10) for messages and
// presence: who gets a stanza, and which error the sender gets instead.
// Every stanza carries a unique id; what arrived is checked at the end.
func TestRoutingRules(t *testing.T) {
	tests := []struct {
		name      string
		stanza    string // %s is the id
		delivered []string
		errorCond stanza.Condition // the error alice gets back ("" for none)
	}{
		{"chat to bare JID reaches available resources only", "<message id='%s' to='bob@example.test' type='chat'><body>x</body></message>", []string{"desk"}, ""},
		{"normal to bare JID", "<message id='%s' to='bob@example.test'><body>x</body></message>", []string{"desk"}, ""},
		{"headline to bare JID", "<message id='%s' to='bob@example.test' type='headline'><body>x</body></message>", []string{"desk"}, ""},
		{"chat to a connected full JID", "<message id='%s' to='bob@example.test/hidden' type='chat'><body>x</body></message>", []string{"hidden"}, ""},
		{"chat to an unknown resource falls back to the bare JID", "<message id='%s' to='bob@example.test/gone' type='chat'><body>x</body></message>", []string{"desk"}, ""},
		{"normal to an unknown resource", "<message id='%s' to='bob@example.test/gone'><body>x</body></message>", nil, stanza.ServiceUnavailable},
		{"headline to an unknown resource", "<message id='%s' to='bob@example.test/gone' type='headline'><body>x</body></message>", nil, stanza.ServiceUnavailable},
		{"groupchat to a bare JID", "<message id='%s' to='bob@example.test' type='groupchat'><body>x</body></message>", nil, stanza.ServiceUnavailable},
		{"chat to an account with no available resource is kept offline", "<message id='%s' to='carol@example.test' type='chat'><body>x</body></message>", nil, ""},
		{"normal to an account with no available resource is kept offline", "<message id='%s' to='carol@example.test'><body>x</body></message>", nil, ""},
		{"headline to an account with no available resource is dropped", "<message id='%s' to='carol@example.test' type='headline'><body>x</body></message>", nil, ""},
		{"message to a connected but unavailable full JID", "<message id='%s' to='carol@example.test/idle'><body>x</body></message>", []string{"idle"}, ""},
		{"message to no such user", "<message id='%s' to='nobody@example.test' type='chat'><body>x</body></message>", nil, stanza.ServiceUnavailable},
		{"error to no such user is dropped", "<message id='%s' to='nobody@example.test' type='error'><error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>", nil, ""},
		{"error to a bare JID is dropped", "<message id='%s' to='bob@example.test' type='error'><error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>", nil, ""},
		{"message to another domain", "<message id='%s' to='dave@elsewhere.test'><body>x</body></message>", nil, stanza.RemoteServerNotFound},
		{"message to the server", "<message id='%s' to='example.test'><body>x</body></message>", nil, stanza.ServiceUnavailable},
		{"message to the domain with a resource", "<message id='%s' to='example.test/x'><body>x</body></message>", nil, stanza.ServiceUnavailable},
		{"message without to goes to the own account", "<message id='%s' type='chat'><body>x</body></message>", []string{"alice"}, ""},
		{"directed presence to a bare JID", "<presence id='%s' to='bob@example.test'/>", []string{"desk"}, ""},
		{"directed presence to a connected full JID", "<presence id='%s' to='bob@example.test/hidden'/>", []string{"hidden"}, ""},
		{"directed presence to an unknown resource is dropped", "<presence id='%s' to='bob@example.test/gone'/>", nil, ""},
		{"directed presence to no such user is dropped", "<presence id='%s' to='nobody@example.test'/>", nil, ""},
		{"directed presence to another domain", "<presence id='%s' to='dave@elsewhere.test'/>", nil, stanza.RemoteServerNotFound},
	}
	w := newRouteWorld(t)
	for i, tt := range tests {
		w.alice.send(fmt.Sprintf(tt.stanza, fmt.Sprintf("case-%d", i)))
	}
	expected := 0 // stanzas that must arrive: deliveries and error replies
	for _, tt := range tests {
		expected += len(tt.delivered)
		if tt.errorCond != "" {
			expected++
		}
	}
	got := collect(w.clients(), expected, 200*time.Millisecond)
	for i, tt := range tests {
		id := fmt.Sprintf("case-%d", i)
		var delivered []string
		var cond stanza.Condition
		for name, els := range got {
			for _, el := range els {
				if el.Attr("id") != id {
					continue
				}
				if el.Attr("type") == "error" && name == "alice" && el.Attr("from") != w.alice.jid.String() {
					e, _ := stanza.ParseError(el)
					cond = e.Condition
					continue
				}
				delivered = append(delivered, name)
				if from := el.Attr("from"); from != w.alice.jid.String() {
					t.Errorf("%s: delivered with from=%q, want alice's full JID", tt.name, from)
				}
			}
		}
		slices.Sort(delivered)
		if !slices.Equal(delivered, tt.delivered) {
			t.Errorf("%s: delivered to %v, want %v", tt.name, delivered, tt.delivered)
		}
		if cond != tt.errorCond {
			t.Errorf("%s: error %q, want %q", tt.name, cond, tt.errorCond)
		}
	}
}

// collect returns everything each client received, once at least want
// stanzas have arrived (or after 10 seconds) and a further grace period
// has passed for any that should not arrive.
func collect(clients map[string]*client, want int, grace time.Duration) map[string][]*xmlstream.Element {
	out := make(map[string][]*xmlstream.Element)
	n := 0
	take := func() {
		for name, c := range clients {
			for len(c.in) > 0 {
				out[name] = append(out[name], <-c.in)
				n++
			}
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for take(); n < want && time.Now().Before(deadline); take() {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(grace)
	take()
	return out
}

// TestRoutingIQ checks where IQ requests go and what comes back (RFC 6121
// §8.5.1, §8.5.2.1.3, §8.5.3).
func TestRoutingIQ(t *testing.T) {
	w := newRouteWorld(t)
	tests := []struct {
		name, to, payload string
		want              stanza.Condition // "" for a result
		from              string           // the response's from
	}{
		{"ping the server", "example.test", "<ping xmlns='urn:xmpp:ping'/>", "", "example.test"},
		{"ping a connected full JID", "bob@example.test/hidden", "<ping xmlns='urn:xmpp:ping'/>", "", "bob@example.test/hidden"},
		{"a full JID answers with its own error", "bob@example.test/desk", "<query xmlns='urn:example:unknown'/>", stanza.ServiceUnavailable, "bob@example.test/desk"},
		{"ping an unknown resource", "bob@example.test/gone", "<ping xmlns='urn:xmpp:ping'/>", stanza.ServiceUnavailable, "bob@example.test/gone"},
		{"disco an account", "bob@example.test", "<query xmlns='http://jabber.org/protocol/disco#info'/>", "", "bob@example.test"},
		{"unknown payload to an account", "bob@example.test", "<ping xmlns='urn:xmpp:ping'/>", stanza.ServiceUnavailable, "bob@example.test"},
		{"another user's roster", "bob@example.test", "<query xmlns='jabber:iq:roster'/>", stanza.ServiceUnavailable, "bob@example.test"},
		{"no such user", "nobody@example.test", "<ping xmlns='urn:xmpp:ping'/>", stanza.ServiceUnavailable, "nobody@example.test"},
		{"another domain", "dave@elsewhere.test", "<ping xmlns='urn:xmpp:ping'/>", stanza.RemoteServerNotFound, "dave@elsewhere.test"},
		{"unknown payload to the server", "example.test", "<query xmlns='urn:example:unknown'/>", stanza.ServiceUnavailable, "example.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := w.alice.iq("get", tt.to, tt.payload)
			var se *stanza.Error
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("error %v, want a result", err)
			case tt.want != "" && (!errors.As(err, &se) || se.Condition != tt.want):
				t.Fatalf("got %v, want %s", err, tt.want)
			}
			if res != nil && res.Attr("from") != tt.from {
				t.Errorf("response from %q, want %q", res.Attr("from"), tt.from)
			}
		})
	}
}

// TestRoutingIQKeepsID checks that a routed request reaches the recipient
// from the sender's full JID and that its response comes back with the
// sender's id.
func TestRoutingIQKeepsID(t *testing.T) {
	w := newRouteWorld(t)
	res, err := w.alice.iq("get", "bob@example.test/desk", "<ping xmlns='urn:xmpp:ping'/>")
	if err != nil {
		t.Fatal(err)
	}
	req := w.desk.expect("<iq", "urn:xmpp:ping")
	if from := req.Attr("from"); from != "alice@example.test/phone" {
		t.Errorf("request from %q", from)
	}
	if res.Attr("to") != "alice@example.test/phone" || res.Attr("type") != "result" {
		t.Errorf("response %s", serialise(res))
	}
}

// TestRoutingNegativePriority checks RFC 6121 §8.5.2.1.1: a resource with a
// negative priority gets no messages for the bare JID (they are kept
// offline until a priority of zero or more), but does get those for its
// full JID.
func TestRoutingNegativePriority(t *testing.T) {
	srv := newServer(t, server.Config{})
	a := login(t, srv, "alice", "phone")
	b := login(t, srv, "bob", "shy")
	b.send("<presence><priority>-1</priority></presence>")
	b.expect("<priority>-1</priority>")
	a.send("<message id='m1' to='bob@example.test' type='chat'><body>bare</body></message>")
	a.send("<message id='m2' to='bob@example.test/shy' type='chat'><body>full</body></message>")
	b.expect("<body>full</body>")
	b.send("<presence><priority>0</priority></presence>")
	b.expect("<body>bare</body>", "urn:xmpp:delay")
}

// TestRoutingIQRecipientLeaves: when the recipient of a routed request
// disconnects without answering, the requester gets service-unavailable.
func TestRoutingIQRecipientLeaves(t *testing.T) {
	w := newRouteWorld(t)
	done := make(chan error, 1)
	go func() {
		_, err := w.alice.iq("get", "bob@example.test/desk", "<hold xmlns='urn:test'/>")
		done <- err
	}()
	w.desk.expect("<hold")
	w.desk.close()
	var se *stanza.Error
	if err := <-done; !errors.As(err, &se) || se.Condition != stanza.ServiceUnavailable {
		t.Fatalf("got %v, want service-unavailable", err)
	}
}
