package server_test

import (
	"context"
	"testing"

	"github.com/canto-im/xmpp/component"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkRouteToComponent measures a chat message from a client to an
// external component and the component's answer back, over loopback (TLS
// for the client, none for the component, as XEP-0114 has none): both
// sessions, the server's routing and re-encoding into the other stream's
// namespace.
func BenchmarkRouteToComponent(b *testing.B) {
	srv := newComponentServer(b, unshaped) // a benchmark floods
	comp := connectComponent(b, srv, compDomain, compSecret)
	alice := login(b, srv, "alice", "phone")
	alice.online()
	alice.drain()
	in := xmpptest.ElementIn(b, "jabber:client", "<message to='bot@"+compDomain+"' type='chat'><body>Wherefore art thou?</body></message>")
	out := xmpptest.ElementIn(b, component.NS, "<message from='bot@"+compDomain+"' to='alice@example.test/phone' type='chat'><body>Here.</body></message>")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := alice.sess.Send(ctx, in); err != nil {
			b.Fatal(err)
		}
		<-comp.in
		if err := comp.sess.Send(ctx, out); err != nil {
			b.Fatal(err)
		}
		<-alice.in
	}
}
