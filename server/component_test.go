package server_test

import (
	"context"
	"encoding/xml"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestComponentMessages: a client's messages reach the component with
// their real 'from' in the component's namespace, and the component's
// messages reach the client, to a full JID and to the bare JID, in the
// client's.
func TestComponentMessages(t *testing.T) {
	srv := newComponentServer(t, server.Config{})
	comp := connectComponent(t, srv, compDomain, compSecret)
	alice := login(t, srv, "alice", "phone")
	alice.online()

	alice.send("<message to='echo@" + compDomain + "' id='m1' type='chat'><body>hi</body></message>")
	got := comp.expect("id='m1'", "from='"+alice.jid.String()+"'", "<body>hi</body>")
	if s := serialiseIn(got, component.NS); strings.Contains(s, "jabber:client") {
		t.Errorf("component got a jabber:client stanza: %s", s)
	}

	for _, to := range []string{alice.jid.String(), "alice@example.test"} {
		comp.send("<message from='echo@" + compDomain + "' to='" + to + "' id='r1' type='chat'><body>hello</body></message>")
		got := alice.expect("id='r1'", "from='echo@"+compDomain+"'", "<body>hello</body>")
		if s := serialise(got); strings.Contains(s, component.NS) {
			t.Errorf("client got a component-namespace stanza: %s", s)
		}
	}

	// Nobody there: the component gets an error.
	comp.send("<message from='echo@" + compDomain + "' to='nobody@example.test' id='r2'><body>x</body></message>")
	comp.expect("id='r2'", "type='error'", "service-unavailable")
	// Another component.
	bot := connectComponent(t, srv, botDomain, botSecret)
	comp.send("<message from='echo@" + compDomain + "' to='b@" + botDomain + "' id='r3'><body>x</body></message>")
	bot.expect("id='r3'", "from='echo@"+compDomain+"'")
	// No federation.
	comp.send("<message from='echo@" + compDomain + "' to='x@elsewhere.test' id='r4'><body>x</body></message>")
	comp.expect("id='r4'", "remote-server-not-found")
}

// TestComponentIQ: a client's request to the component gets its response,
// and the component's request to a client gets the client's.
func TestComponentIQ(t *testing.T) {
	srv := newComponentServer(t, server.Config{})
	comp := connectComponent(t, srv, compDomain, compSecret)
	alice := login(t, srv, "alice", "phone")

	resp, err := alice.iq(stanza.GetIQ, compDomain, "<echo xmlns='urn:test'>1</echo>")
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := resp.Child("urn:test", "echo"); !ok || e.Text() != "1" {
		t.Errorf("response: %s", serialise(resp))
	}
	if _, err := alice.iq(stanza.GetIQ, "x@"+compDomain, "<other xmlns='urn:test'/>"); !errors.Is(err, stanza.Error{Condition: stanza.FeatureNotImplemented}) {
		t.Errorf("error from the component: got %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	iq := stanza.IQ{Type: stanza.GetIQ, From: jid.MustParse("x@" + compDomain), To: alice.jid}
	resp, err = comp.sess.SendIQ(ctx, iq, ping.Ping{})
	if err != nil || resp.Attr("type") != "result" {
		t.Fatalf("ping of the client: %v", err)
	}
	// The server answers for itself and refuses what has nobody.
	iq.To = srv.Domain()
	if _, err := comp.sess.SendIQ(ctx, iq, ping.Ping{}); err != nil {
		t.Errorf("ping of the server: %v", err)
	}
	// Another component answers through the server.
	connectComponent(t, srv, botDomain, botSecret)
	iq.To = jid.MustParse("x@" + botDomain)
	if resp, err := comp.sess.SendIQ(ctx, iq, echoPayload{}); err != nil || resp.Attr("from") != "x@"+botDomain {
		t.Errorf("request to another component: %v", err)
	}
	iq.To = jid.MustParse("alice@example.test/gone")
	if _, err := comp.sess.SendIQ(ctx, iq, ping.Ping{}); !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("ping of a resource not there: %v", err)
	}
}

// TestComponentDisconnectPendingIQ: a request the component had not
// answered when it left gets service-unavailable; the domain is free
// again, and a client's stanzas to it get errors meanwhile.
func TestComponentDisconnectPendingIQ(t *testing.T) {
	srv := newComponentServer(t, server.Config{})
	comp := connectComponent(t, srv, compDomain, compSecret)
	alice := login(t, srv, "alice", "phone")
	errc := make(chan error, 1)
	go func() {
		_, err := alice.iq(stanza.GetIQ, compDomain, "<hold xmlns='urn:test'/>")
		errc <- err
	}()
	comp.expect("<hold")
	comp.close()
	if err := <-errc; !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Fatalf("pending request: got %v, want service-unavailable", err)
	}
	if _, err := alice.iq(stanza.GetIQ, compDomain, "<echo xmlns='urn:test'/>"); !errors.Is(err, stanza.Error{Condition: stanza.ServiceUnavailable}) {
		t.Errorf("request to a component not connected: %v", err)
	}
	alice.send("<message to='" + compDomain + "' id='m1'><body>x</body></message>")
	alice.expect("id='m1'", "type='error'", "service-unavailable")
	// The domain is free again, once the server has seen the stream end
	// (the error above may overtake that).
	var again *testComponent
	for deadline := time.Now().Add(5 * time.Second); ; {
		c, err := dialComponent(srv, compDomain, compSecret)
		if err == nil {
			c.t = t
			t.Cleanup(c.close)
			again = c
			break
		}
		if !errors.Is(err, stream.Conflict) || time.Now().After(deadline) {
			t.Fatalf("reconnecting: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	alice.send("<message to='" + compDomain + "' id='m2'><body>x</body></message>")
	again.expect("id='m2'")
}

// TestComponentDirectedPresence: a client's directed presence reaches the
// component, and so does its unavailable presence when it disconnects
// (RFC 6121 §4.6.3), for each address it was sent to.
func TestComponentDirectedPresence(t *testing.T) {
	srv := newComponentServer(t, server.Config{})
	comp := connectComponent(t, srv, compDomain, compSecret)
	alice := login(t, srv, "alice", "phone")
	alice.online()
	alice.send("<presence to='room1@" + compDomain + "/al'/>")
	alice.send("<presence to='room2@" + compDomain + "/al'/>")
	comp.expect("to='room1@"+compDomain+"/al'", "from='"+alice.jid.String()+"'")
	comp.expect("to='room2@" + compDomain + "/al'")
	// The component's presence reaches the client's full JID.
	comp.send("<presence from='room1@" + compDomain + "/al' to='" + alice.jid.String() + "'/>")
	alice.expect("<presence", "from='room1@"+compDomain+"/al'")
	alice.close()
	seen := map[string]bool{}
	for range 2 {
		el := comp.expect("type='unavailable'")
		seen[el.Attr("to")] = true
	}
	if !seen["room1@"+compDomain+"/al"] || !seen["room2@"+compDomain+"/al"] {
		t.Errorf("unavailable presence went to %v", seen)
	}
}

// TestBadInput_ComponentHandshake: an unknown domain is refused with
// host-unknown, a wrong secret with not-authorized, a second component for
// a connected domain with conflict (XEP-0114 §3).
func TestBadInput_ComponentHandshake(t *testing.T) {
	srv := newComponentServer(t, server.Config{})
	connectComponent(t, srv, compDomain, compSecret)
	for _, tc := range []struct {
		name, domain, secret string
		want                 error
	}{
		{"unknown domain", "nope.example.test", compSecret, stream.HostUnknown},
		{"server domain", "example.test", compSecret, stream.HostUnknown},
		{"wrong secret", botDomain, compSecret, stream.NotAuthorized},
		{"empty secret", botDomain, "", stream.NotAuthorized},
		{"connected already", compDomain, compSecret, stream.Conflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := dialComponent(srv, tc.domain, tc.secret)
			if err == nil {
				// The conflict comes after the handshake.
				select {
				case <-c.sess.Done():
					err = c.sess.Err()
				case <-time.After(5 * time.Second):
					c.close()
					t.Fatal("accepted")
				}
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestBadInput_ComponentSpoofedFrom: a stanza from an address outside the
// component's domain ends its stream with invalid-from, and is not
// delivered.
func TestBadInput_ComponentSpoofedFrom(t *testing.T) {
	srv := newComponentServer(t, server.Config{})
	comp := connectComponent(t, srv, compDomain, compSecret)
	alice := login(t, srv, "alice", "phone")
	alice.online()
	comp.send("<message from='bob@example.test/x' to='" + alice.jid.String() + "' id='spoof'><body>x</body></message>")
	select {
	case <-comp.sess.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("stream not ended")
	}
	if err := comp.sess.Err(); !errors.Is(err, stream.InvalidFrom) {
		t.Errorf("got %v, want invalid-from", err)
	}
	alice.quiet()
}

// TestBadInput_ComponentConfig: New and Mount refuse domains that cannot
// be components.
func TestBadInput_ComponentConfig(t *testing.T) {
	for _, comps := range []map[string]string{
		{"example.test": "x"},
		{"a@b.test": "x"},
		{"b.test/r": "x"},
		{"": "x"},
		{"ok.example.test": ""},
	} {
		if _, err := server.New(server.Config{Domain: "example.test", Components: comps}); err == nil {
			t.Errorf("New accepted components %v", comps)
		}
	}
	srv := newComponentServer(t, server.Config{})
	for _, d := range []string{"example.test", compDomain, "x@y.test", ""} {
		if err := srv.Mount(d, xmpp.HandlerFunc(answerTestIQ)); err == nil {
			t.Errorf("Mount accepted %q", d)
		}
	}
}

// TestMount: a service mounted in-process receives clients' stanzas with
// their real 'from' and answers them; it is listed in disco#items with the
// connected components, and the server's Close ends it.
func TestMount(t *testing.T) {
	srv := newComponentServer(t, server.Config{})
	got := make(chan stanza.Header, 8)
	svc := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		if st.Header.Kind == stanza.KindMessage {
			got <- st.Header // st is not the handler's after it returns
			return s.Send(ctx, xmlstream.MarshalerFunc(stanza.Message{From: st.Header.To, To: st.Header.From, ID: "echo-" + st.Header.ID, Type: stanza.ChatMessage}.WriteEmpty))
		}
		return answerTestIQ(ctx, s, st)
	})
	if err := srv.Mount("svc.example.test", svc); err != nil {
		t.Fatal(err)
	}
	if err := srv.Mount("svc.example.test", svc); err == nil {
		t.Error("second Mount of the same domain accepted")
	}
	alice := login(t, srv, "alice", "phone")
	alice.online()
	alice.send("<message to='room@svc.example.test' id='m1' type='chat'><body>hi</body></message>")
	if h := <-got; h.From != alice.jid {
		t.Errorf("service saw from %s", h.From)
	}
	alice.expect("id='echo-m1'", "from='room@svc.example.test'")
	if _, err := alice.iq(stanza.GetIQ, "svc.example.test", "<echo xmlns='urn:test'/>"); err != nil {
		t.Errorf("IQ to the service: %v", err)
	}

	connectComponent(t, srv, compDomain, compSecret)
	resp, err := alice.iq(stanza.GetIQ, "example.test", "<query xmlns='"+disco.NSItems+"'/>")
	if err != nil {
		t.Fatal(err)
	}
	s := serialise(resp)
	if !containsAll(s, []string{"jid='svc.example.test'", "jid='" + compDomain + "'"}) || strings.Contains(s, botDomain) {
		t.Errorf("disco#items: %s", s)
	}
}

// TestComponentQueueFull: what a component that does not read cannot
// take is bounced to its sender with resource-constraint (RFC 6120
// §8.3.3.18), and the sender never waits.
func TestComponentQueueFull(t *testing.T) {
	srv := newComponentServer(t, server.Config{DeliveryQueueStanzas: 2})
	release := make(chan struct{})
	defer close(release)
	stall := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return nil
	})
	if err := srv.Mount("slow.example.test", stall); err != nil {
		t.Fatal(err)
	}
	alice := login(t, srv, "alice", "phone")
	// More than the component's session takes into its outbox (256 KiB)
	// before its delivery queue must hold them: a sender that finds the
	// queue idle writes there itself.
	body := strings.Repeat("x", 2000)
	start := time.Now()
	for i := range 200 {
		alice.send("<message to='room@slow.example.test' id='q" + string(rune('a'+i%26)) + "'><body>" + body + "</body></message>")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("sending took %v", d)
	}
	alice.expect("type='error'", "resource-constraint", "from='room@slow.example.test'")
}

// echoPayload is <echo xmlns='urn:test'/>, which the test components
// answer.
type echoPayload struct{}

func (echoPayload) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(xml.Name{Space: "urn:test", Local: "echo"}); err != nil {
		return err
	}
	return w.End()
}

// TestComponentCarbons: chat with a component's address is copied to the
// user's other carbons-enabled resources both ways (XEP-0280 §6, §7), the
// forwarded message in jabber:client.
func TestComponentCarbons(t *testing.T) {
	srv := newComponentServer(t, server.Config{})
	comp := connectComponent(t, srv, compDomain, compSecret)
	phone := login(t, srv, "alice", "phone")
	laptop := login(t, srv, "alice", "laptop")
	if _, err := laptop.iq("set", "", enableCarbons); err != nil {
		t.Fatal(err)
	}
	phone.online()
	laptop.online()
	laptop.drain()
	phone.send("<message to='bot@" + compDomain + "' type='chat' id='c1'><body>out</body></message>")
	comp.expect("id='c1'")
	s := serialise(laptop.expect("<sent xmlns='urn:xmpp:carbons:2'>", "id='c1'"))
	if !containsAll(s, []string{"<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'", "from='" + phone.jid.String() + "'"}) {
		t.Errorf("sent copy: %s", s)
	}
	comp.send("<message from='bot@" + compDomain + "' to='" + phone.jid.String() + "' type='chat' id='c2'><body>in</body></message>")
	phone.expect("id='c2'")
	s = serialise(laptop.expect("<received xmlns='urn:xmpp:carbons:2'>", "id='c2'"))
	if !containsAll(s, []string{"<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client'", "from='bot@" + compDomain + "'"}) || strings.Contains(s, component.NS) {
		t.Errorf("received copy: %s", s)
	}
}

// TestComponentIdle: a component that says nothing is pinged; one that
// answers (even with an error) stays, one that does not is disconnected
// with connection-timeout and its domain freed.
func TestComponentIdle(t *testing.T) {
	srv := newComponentServer(t, server.Config{IdleTimeout: 200 * time.Millisecond, PingTimeout: 200 * time.Millisecond})
	answering := connectComponent(t, srv, compDomain, compSecret)
	conn, err := net.Dial("tcp", srv.ComponentAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	silent, err := component.NewSession(ctx, jid.MustParse(botDomain), botSecret, conn, xmpp.Config{
		Handler: xmpp.HandlerFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) error { return nil })})
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close(ctx)
	select {
	case <-silent.Done():
		if err := silent.Err(); !errors.Is(err, stream.ConnectionTimeout) {
			t.Errorf("silent component ended with %v", err)
		}
	case <-ctx.Done():
		t.Fatal("silent component not disconnected")
	}
	select {
	case <-answering.sess.Done():
		t.Fatalf("answering component disconnected: %v", answering.sess.Err())
	default:
	}
}

// TestComponentMessagesLikeClients: a component's chat message to an
// account is handled as a client's is: it carries the account's
// stanza-id, it is archived (both ways: what the account sends to the
// component too), and it is kept offline when the account has no
// available resource, arriving at its next presence.
func TestComponentMessagesLikeClients(t *testing.T) {
	srv := newComponentServer(t, server.Config{})
	comp := connectComponent(t, srv, compDomain, compSecret)

	comp.send("<message from='room@" + compDomain + "/witch' to='alice@example.test' id='o1' type='chat'><body>while away</body></message>")
	for srv.DeliveryStats().StoredOffline < 1 {
		time.Sleep(5 * time.Millisecond)
	}
	alice := loginArchiver(t, srv, "alice", "phone")
	raw := login(t, srv, "alice", "tablet")
	raw.online()
	raw.expect("id='o1'", "<body>while away</body>", "urn:xmpp:delay", "urn:xmpp:sid:0")

	comp.send("<message from='room@" + compDomain + "/witch' to='" + raw.jid.String() + "' id='o2' type='chat'><body>now</body></message>")
	raw.expect("id='o2'", "urn:xmpp:sid:0")
	raw.send("<message to='room@" + compDomain + "/witch' id='o3' type='chat'><body>back</body></message>")
	comp.expect("id='o3'")
	all, _, err := alice.query(t, mam.Filter{}, paging.Request{})
	if err != nil || strings.Join(all, ",") != "while away,now,back" {
		t.Fatalf("alice's archive: %v, %v", all, err)
	}
	if s := srv.DeliveryStats(); s.Bounced != 0 {
		t.Errorf("bounced %d", s.Bounced)
	}
}
