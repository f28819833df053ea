package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// TestCSIHeldAcrossResumption: presence the server held back for an
// inactive client (XEP-0352) when its connection dropped is sent on the
// session that resumes the stream (XEP-0198), which starts active; the
// stream's counters stay right (the client acknowledges it, and a later
// message, without a stream error).
func TestCSIHeldAcrossResumption(t *testing.T) {
	for _, c := range []struct {
		name    string
		updates []string // alice's presence updates while bob is inactive
		want    string   // what bob gets from alice after resuming
	}{
		{"one update", []string{"away"}, "<show>away</show>"},
		{"the latest of several", []string{"away", "xa", "dnd"}, "<show>dnd</show>"},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := newServer(t, server.Config{})
			alice := login(t, srv, "alice", "desk")
			setup := login(t, srv, "bob", "setup")
			befriend(t, alice, setup)
			setup.close()

			bob := &smClient{t: t, srv: srv, jid: jid.MustParse("bob@example.test/phone"), got: make(chan struct{}, 1)}
			pres := make(chan string, 16)
			bob.other = func(el *xmlstream.Element) {
				if el.Name().Local == "presence" {
					pres <- serialise(el)
				}
			}
			bob.connect(xmpp.BindResource(), csi.Feature(), sm.Feature(smQuiet))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if _, err := sm.WaitEnabled(ctx, bob.sess); err != nil {
				t.Fatal(err)
			}
			sendPresence(t, bob)
			if err := csi.Inactive(ctx, bob.sess); err != nil {
				t.Fatal(err)
			}
			if _, err := ping.Send(ctx, bob.sess, jid.MustParse("example.test")); err != nil {
				t.Fatal(err)
			}
			drainStrings(pres)
			for _, u := range c.updates {
				alice.send("<presence><show>" + u + "</show></presence>")
				alice.expect("<show>" + u + "</show>") // through the server
			}
			select {
			case p := <-pres:
				t.Fatalf("bob got %s while inactive", p)
			case <-time.After(100 * time.Millisecond):
			}
			st := bob.kill()
			bob.connect(sm.ResumeFeature(st, smQuiet), xmpp.BindResource(), csi.Feature(), sm.Feature(smQuiet))
			if r := sm.ResumptionOf(bob.sess, st); !r.Resumed {
				t.Fatalf("not resumed: %+v", r)
			}
			deadline := time.After(5 * time.Second)
		await:
			for {
				select {
				case p := <-pres:
					if !strings.Contains(p, "from='alice@example.test/desk'") {
						continue // bob's own presence, held as well
					}
					if !strings.Contains(p, c.want) {
						t.Fatalf("bob got %s after resuming, want alice's %s", p, c.want)
					}
					break await
				case <-deadline:
					t.Fatal("the held presence was lost on resumption")
				}
			}
			// Counted by stream management: a message after it arrives,
			// and bob's acknowledgement of both is accepted.
			if err := alice.sess.Send(ctx, xmlstream.MarshalerFunc(stanza.Presence{}.WriteEmpty)); err != nil {
				t.Fatal(err)
			}
			alice.send("<message to='bob@example.test/phone' type='chat'><body>after</body></message>")
			if got := bob.wait(1, 0); got[0] != "after" {
				t.Fatalf("bob got %v", got)
			}
			ack(t, bob)
			if _, err := ping.Send(ctx, bob.sess, jid.MustParse("example.test")); err != nil {
				t.Fatalf("the stream after the acknowledgement: %v", err)
			}
		})
	}
}

func drainStrings(c chan string) {
	time.Sleep(100 * time.Millisecond)
	for {
		select {
		case <-c:
		default:
			return
		}
	}
}
