package muc_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stanzaid"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// gatedStore is a muc.BatchRoomStore in memory whose appends wait until
// gate is closed, and which records the ids of each batch.
type gatedStore struct {
	*muc.MemoryStore
	gate    chan struct{}
	entered chan struct{} // a batch is waiting at the gate
	fail    error         // every append fails with it

	mu      sync.Mutex
	batches [][]string
}

func (g *gatedStore) AppendBatch(ctx context.Context, apps []muc.RoomAppend) []error {
	g.mu.Lock()
	gate := g.gate
	g.mu.Unlock()
	select {
	case g.entered <- struct{}{}:
	default:
	}
	<-gate
	errs := make([]error, len(apps))
	var ids []string
	for i, a := range apps {
		ids = append(ids, a.Message.ID)
		if errs[i] = g.fail; errs[i] == nil {
			errs[i] = g.MemoryStore.Append(ctx, a.Room, a.Message, a.Keep)
		}
	}
	g.mu.Lock()
	g.batches = append(g.batches, ids)
	g.mu.Unlock()
	return errs
}

// discoInfo asks the service for its disco#info: the service answers it
// at once, whatever waits in its queue.
func discoInfo(t *testing.T, h *svcHarness) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	q := xmpptest.ElementIn(t, "http://jabber.org/protocol/disco#info", "<query xmlns='http://jabber.org/protocol/disco#info'/>")
	if _, err := h.router.SendIQ(ctx, stanza.IQ{Type: stanza.GetIQ, From: jid.MustParse(carol), To: jid.MustParse(svcDomain)}, q); err != nil {
		t.Fatalf("disco#info while an append waits: %v", err)
	}
}

// TestServiceArchiveQueue: the service handles requests while a message's
// append waits for the store (its lock is not held across it), the
// reflections go out only once the message is archived, in order and
// with the stanza-ids of the archive, and the messages that gathered
// meanwhile are appended in one batch. A failed append reaches nobody
// but the sender, as an error.
func TestServiceArchiveQueue(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail error
	}{
		{"Archived", nil},
		{"Failed", errors.New("disk full")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &gatedStore{MemoryStore: new(muc.MemoryStore), gate: make(chan struct{}), entered: make(chan struct{}, 1), fail: tc.fail}
			h := newSvcHarness(t, muc.ServiceConfig{Store: st})
			close(st.gate)
			h.create(alice, "q", "al", "muc#roomconfig_enablearchiving", "1")
			h.join(bob, "q", "bob", "")
			h.clear()
			gate := make(chan struct{})
			st.mu.Lock()
			st.gate, st.batches = gate, nil
			st.mu.Unlock()

			h.send(`<message type='groupchat' id='m0' from='` + alice + `' to='q@conference.localhost'><body>m0</body></message>`)
			discoInfo(t, h)
			select {
			case <-st.entered: // m0 waits at the gate: m1 and m2 gather behind it
			case <-time.After(5 * time.Second):
				t.Fatal("m0 never reached the store")
			}
			h.send(`<message type='groupchat' id='m1' from='` + alice + `' to='q@conference.localhost'><body>m1</body></message>`)
			h.send(`<message type='groupchat' id='m2' from='` + alice + `' to='q@conference.localhost'><body>m2</body></message>`)
			discoInfo(t, h)
			h.mu.Lock()
			early := len(h.inbox[bob]) + len(h.inbox[alice])
			h.mu.Unlock()
			if early != 0 {
				t.Errorf("%d stanzas went out before their message was archived", early)
			}
			close(gate)

			var ids, bodies []string
			var errorsTo []string
			for _, el := range append(h.take(bob), h.take(alice)...) {
				if el.Attr("type") == "error" {
					errorsTo = append(errorsTo, el.Attr("to")+" "+el.Attr("id"))
					continue
				}
				if el.Attr("to") != bob {
					continue
				}
				b, ok := el.Child(el.Name().Space, "body")
				if !ok {
					t.Fatalf("a message without a body: %s", dump([]*xmlstream.Element{el}))
				}
				bodies = append(bodies, b.Text())
				sid, _ := el.Child(stanzaid.NS, "stanza-id")
				ids = append(ids, sid.Attr("id"))
			}
			archived, err := st.Archive(t.Context(), jid.MustParse("q@conference.localhost"))
			if err != nil {
				t.Fatal(err)
			}
			var archivedIDs []string
			for _, a := range archived {
				archivedIDs = append(archivedIDs, a.ID)
			}
			st.mu.Lock()
			batches := slices.Clone(st.batches)
			st.mu.Unlock()
			if len(batches) != 2 || len(batches[0]) != 1 || len(batches[1]) != 2 {
				t.Errorf("batches %v, want one of m0 and one of the two that gathered", batches)
			}
			if tc.fail == nil {
				wantSummary(t, "bob's messages", bodies, "m0", "m1", "m2")
				wantSummary(t, "the archive's ids", archivedIDs, ids...)
				wantSummary(t, "errors", errorsTo)
			} else {
				wantSummary(t, "bob's messages", bodies)
				wantSummary(t, "the archive", archivedIDs)
				wantSummary(t, "errors", errorsTo, alice+" m0", alice+" m1", alice+" m2")
			}
		})
	}
}
