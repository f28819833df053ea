package sm_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sm"
)

// TestCopiesIntact sends stanzas of random sizes both ways, with random
// acknowledgement rates, drops the connection at random points and
// resumes the stream, several times over, and checks after each step
// that every copy kept to send again still holds its stanza: each side's
// queue of stanzas not acknowledged, the client's State of every stream
// that ended (kept after it was resumed, while the new stream reuses its
// own storage), and what arrived. Stream management reuses a copy's
// storage once it is acknowledged: one reused too early, or one handed
// to a resumed stream or to the program and then reused, shows here as a
// changed or unparsable body.
func TestCopiesIntact(t *testing.T) {
	for seed := range uint64(3) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { copiesIntact(t, seed) })
	}
}

func copiesIntact(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	atServer, atClient := newBodies(), newBodies()
	r := newRig(t, sm.ServerConfig{AckEvery: 1 + rng.IntN(8), AckAfter: -1})
	r.handler = atServer
	ctx := ctx5(t)
	body := func(i int) string {
		n := rng.IntN(120)
		if rng.IntN(10) == 0 {
			n = 600 + rng.IntN(400) // too large to share a chunk
		}
		return fmt.Sprintf("%d-%s", i, strings.Repeat(string(rune('a'+i%26)), n))
	}
	// suffix checks that q is the last len(q) of sent.
	suffix := func(what string, q, sent []string) {
		t.Helper()
		if len(q) > len(sent) || !slices.Equal(q, sent[len(sent)-len(q):]) {
			t.Fatalf("seed %d: %s holds %.60q, not the last of what was sent", seed, what, q)
		}
	}
	var toServer, toClient []string
	var states []*sm.State
	var stateWant [][]string
	checkStates := func() {
		t.Helper()
		for i, st := range states {
			var got []string
			for _, el := range st.Unacked() {
				m, err := message.Parse(el)
				if err != nil {
					t.Fatalf("seed %d: state %d: %v", seed, i, err)
				}
				got = append(got, m.Body(""))
			}
			if !slices.Equal(got, stateWant[i]) {
				t.Fatalf("seed %d: state %d changed: %.60q, want %.60q", seed, i, got, stateWant[i])
			}
		}
	}
	cfg := func() sm.Config { return sm.Config{AckEvery: 1 + rng.IntN(8), AckAfter: -1} }
	cn := r.enabled(cfg(), xmpp.Config{Handler: atClient})
	romeo := jid.MustParse("romeo@example.net")
	for round := range 4 {
		for range 40 + rng.IntN(80) {
			if rng.IntN(4) == 0 {
				b := body(len(toClient))
				if err := cn.server.Send(ctx, message.Chat(romeo, b)); err != nil {
					t.Fatal(err)
				}
				toClient = append(toClient, b)
			} else {
				b := body(len(toServer))
				if err := cn.client.Send(ctx, message.Chat(romeo, b)); err != nil {
					t.Fatal(err)
				}
				toServer = append(toServer, b)
			}
			suffix("the client's queue", sm.QueueBodies(cn.client), toServer)
			suffix("the server's queue", sm.QueueBodies(cn.server), toClient)
		}
		checkStates()
		if round == 3 {
			break
		}
		cn.kill(t)
		st, err := sm.Ended(cn.client)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, el := range st.Unacked() {
			m, _ := message.Parse(el)
			want = append(want, m.Body(""))
		}
		suffix("the ended stream's state", want, toServer)
		states, stateWant = append(states, st), append(stateWant, want)
		// What the client handled, so that the server sends the rest again.
		st.H = uint32(len(atClient.wait(t, 0)))
		c := cfg()
		cn = r.mustConnect("", xmpp.Config{Handler: atClient}, sm.ResumeFeature(st, c), xmpp.BindResource(), sm.Feature(c))
		if res := sm.ResumptionOf(cn.client, st); !res.Resumed {
			t.Fatalf("seed %d: resumption %+v", seed, res)
		}
	}
	if got := atServer.wait(t, len(toServer)); !slices.Equal(got, toServer) {
		t.Fatalf("seed %d: the server got %d stanzas, not the %d sent in order", seed, len(got), len(toServer))
	}
	if got := atClient.wait(t, len(toClient)); !slices.Equal(got, toClient) {
		t.Fatalf("seed %d: the client got %d stanzas, not the %d sent in order", seed, len(got), len(toClient))
	}
	checkStates()
}
