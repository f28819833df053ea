package server_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
)

// TestCSIOnStreamResumedInline: a stream resumed inside SASL2 gets no
// stream features, yet the client knows CSI is offered (Bind 2 listed it
// at login) and the server takes its indications: the resumed stream
// starts active, <inactive/> holds a contact's presence back, <active/>
// sends it, and stream management still counts right.
func TestCSIOnStreamResumedInline(t *testing.T) {
	srv := newServer(t, server.Config{})
	must(t, srv.ListenDirectTLS(context.Background(), "127.0.0.1:0"))
	store := xmpp.NewMemoryFASTClientStore()
	alice, err := loginInline(t, srv, "alice", "ecila", store, nil, csi.Bind2(false))
	must(t, err)
	if info, _ := xmpp.SASL2Of(alice.sess); !slices.Contains(info.Enabled, csi.NS) {
		t.Fatalf("enabled inline %v, want CSI", info.Enabled)
	}
	bob := login(t, srv, "bob", "home")
	befriend(t, alice.client, bob)

	st := alice.drop(t, nil)
	again, err := loginInline(t, srv, "alice", "", store, st, csi.Bind2(true))
	must(t, err)
	if !sm.IsResumed(again.sess) {
		t.Fatal("not resumed")
	}
	if !csi.Offered(again.sess) || csi.IsInactive(again.sess) {
		t.Fatalf("resumed stream: CSI offered %v, inactive %v; want offered, active", csi.Offered(again.sess), csi.IsInactive(again.sess))
	}
	again.drain()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	must(t, csi.Inactive(ctx, again.sess))
	// The indication is taken (a stream error would end the session), and
	// bob's presence waits.
	if _, err := ping.Send(ctx, again.sess, jid.MustParse("example.test")); err != nil {
		t.Fatalf("after <inactive/>: %v", err)
	}
	bob.send("<presence><show>away</show></presence>")
	select {
	case el := <-again.in:
		t.Fatalf("got %s while inactive", serialise(el))
	case <-time.After(150 * time.Millisecond):
	}
	must(t, csi.Active(ctx, again.sess))
	again.expect("<show>away</show>")
	// Counted by stream management once: the acknowledgement of all the
	// client handled is accepted, and the stream goes on.
	in, _, _, _ := sm.Counts(again.sess)
	must(t, again.sess.Send(ctx, sm.Ack{H: in}))
	if _, err := ping.Send(ctx, again.sess, jid.MustParse("example.test")); err != nil {
		t.Fatalf("after the acknowledgement: %v", err)
	}
}
