package disco_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// capsOf returns the caps of info under the node "https://canto.im/test".
func capsOf(t *testing.T, info disco.Info) disco.Caps {
	t.Helper()
	ver, err := disco.Ver(info, "sha-1")
	if err != nil {
		t.Fatal(err)
	}
	return disco.Caps{Hash: "sha-1", Node: "https://canto.im/test", Ver: ver}
}

func TestCapsCache(t *testing.T) {
	cc := disco.NewCapsCache(2)
	infos := []disco.Info{exodus, psi, {Identities: []disco.Identity{{Category: "client", Type: "bot"}}, Features: []string{disco.NSInfo}}}
	for _, info := range infos {
		if err := cc.Add(capsOf(t, info), info); err != nil {
			t.Fatal(err)
		}
	}
	if cc.Len() != 2 {
		t.Errorf("Len() = %d, want 2 (the cache is bounded)", cc.Len())
	}
	if _, ok := cc.Lookup(capsOf(t, exodus)); ok {
		t.Error("the oldest entry was not evicted")
	}
	got, ok := cc.Lookup(capsOf(t, psi))
	if !ok || got.Identities[1].Name != "Ψ 0.11" {
		t.Fatalf("Lookup(psi) = %+v, %v", got, ok)
	}
	got.Identities[1].Name = "changed"
	got.Forms[0].Fields[0].Values[0] = "changed"
	if again, _ := cc.Lookup(capsOf(t, psi)); again.Identities[1].Name != "Ψ 0.11" || again.Forms[0].FormType() != "urn:xmpp:dataforms:softwareinfo" {
		t.Error("changing a looked-up Info changed the cache")
	}
	if err := cc.Add(capsOf(t, psi), psi); err != nil || cc.Len() != 2 {
		t.Errorf("adding again: %v, Len %d", err, cc.Len())
	}
	sha256 := capsOf(t, psi)
	sha256.Hash, sha256.Ver = "sha-256", mustVer(t, psi, "sha-256")
	if _, ok := cc.Lookup(sha256); ok {
		t.Error("a ver under another hash was found")
	}
}

func mustVer(t *testing.T, info disco.Info, hash string) string {
	t.Helper()
	v, err := disco.Ver(info, hash)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// capsWatcher resolves the caps of every presence it sees and reports the
// outcome.
type capsWatcher struct {
	cache *disco.CapsCache
	got   chan string
}

func (cw *capsWatcher) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	el, _ := st.Element.Child(disco.NSCaps, "c")
	c, err := disco.ParseCaps(el)
	if err != nil {
		cw.got <- "bad caps: " + err.Error()
		return nil
	}
	info, err := cw.cache.Resolve(ctx, s, st.Header.From, c)
	cw.got <- fmt.Sprintf("%v %v", info.HasFeature("urn:xmpp:ping"), err)
	return nil
}

// sendPresence sends available presence carrying c.
func sendPresence(ctx context.Context, s *xmpp.Session, c disco.Caps) error {
	return s.Send(ctx, xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := (stanza.Presence{}).WriteStart(w); err != nil {
			return err
		}
		if err := c.WriteXML(w); err != nil {
			return err
		}
		return w.End()
	}))
}

// TestResolve: the client announces its caps in presence; the server asks
// for node#ver once, verifies and caches; the next presence is answered
// from the cache without asking.
func TestResolve(t *testing.T) {
	h := entity("Canto")
	queries := make(chan struct{}, 10)
	answers := mux.New(h.Handle())
	clientHandler := xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
		queries <- struct{}{}
		return answers.HandleXMPP(ctx, s, st)
	})
	cw := &capsWatcher{cache: disco.NewCapsCache(0), got: make(chan string, 2)}
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(clientHandler, mux.New(mux.AnyPresence(disco.CapsName, cw))))
	c, err := h.Caps()
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	for i, want := range []int{1, 0} {
		if err := sendPresence(ctx, client, c); err != nil {
			t.Fatal(err)
		}
		if got := <-cw.got; got != "true <nil>" {
			t.Errorf("presence %d: %s", i, got)
		}
		if n := len(queries); n != want {
			t.Errorf("presence %d: %d disco queries, want %d", i, n, want)
		}
		for len(queries) > 0 {
			<-queries
		}
	}
	if cw.cache.Len() != 1 {
		t.Errorf("cache holds %d entries, want 1", cw.cache.Len())
	}
}

// TestCapsCacheConcurrent shares one cache among goroutines (run with -race).
func TestCapsCacheConcurrent(t *testing.T) {
	cc := disco.NewCapsCache(8)
	infos := make([]disco.Info, 16)
	caps := make([]disco.Caps, 16)
	for i := range infos {
		infos[i] = disco.Info{Identities: []disco.Identity{{Category: "client", Type: fmt.Sprint("t", i)}}}
		caps[i] = capsOf(t, infos[i])
	}
	done := make(chan struct{})
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 200 {
				k := (i + g) % len(infos)
				if err := cc.Add(caps[k], infos[k]); err != nil {
					t.Error(err)
					return
				}
				if info, ok := cc.Lookup(caps[k]); ok && info.Identities[0].Type != infos[k].Identities[0].Type {
					t.Errorf("Lookup(%d) = %+v", k, info)
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
	if n := cc.Len(); n != 8 {
		t.Errorf("Len() = %d, want 8", n)
	}
}
