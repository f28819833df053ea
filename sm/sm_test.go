package sm_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/stanza"
)

// bodies collects the bodies of the messages a session's handler receives.
type bodies struct {
	mu  sync.Mutex
	got []string
	ch  chan string
}

func newBodies() *bodies { return &bodies{ch: make(chan string, 1024)} }

func (b *bodies) HandleXMPP(_ context.Context, _ *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindMessage {
		return nil
	}
	m, err := message.Parse(st.Element)
	if err != nil {
		return nil
	}
	body := m.Body("")
	b.mu.Lock()
	b.got = append(b.got, body)
	b.mu.Unlock()
	b.ch <- body
	return nil
}

func (b *bodies) wait(tb testing.TB, n int) []string {
	tb.Helper()
	deadline := time.After(5 * time.Second)
	for {
		b.mu.Lock()
		got := append([]string(nil), b.got...)
		b.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-b.ch:
		case <-deadline:
			tb.Fatalf("got %d messages, want %d: %v", len(got), n, got)
		}
	}
}

func chat(i int) xmpp.Stanza {
	return xmpp.Stanza{}
}

func msg(i int) *message.Message {
	return message.Chat(jid.MustParse("romeo@example.net"), strconv.Itoa(i))
}

func TestEnableAndAck(t *testing.T) {
	r := newRig(t, sm.ServerConfig{})
	in := newBodies()
	r.handler = in
	cn := r.enabled(sm.Config{AckEvery: 3, AckAfter: -1}, xmpp.Config{})
	ctx := ctx5(t)
	en, err := sm.WaitEnabled(ctx, cn.client)
	if err != nil || !en.Resume || en.ID == "" || en.Max != uint32(sm.DefaultWindow/time.Second) {
		t.Fatalf("enabled %+v, %v", en, err)
	}
	var receipts []*sm.Receipt
	for i := range 5 {
		rc, err := sm.Send(ctx, cn.client, msg(i))
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, rc)
		if i == 2 {
			// The third asks for an acknowledgement, by count.
			if err := rc.Wait(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	in.wait(t, 5)
	// The fourth and fifth wait for a request: none by time, and the
	// count is not reached.
	time.Sleep(30 * time.Millisecond)
	if receipts[0].Err() != nil || receipts[3].Err() != nil {
		t.Fatal("receipts in error")
	}
	select {
	case <-receipts[4].Done():
		t.Fatal("fifth acknowledged without a request")
	default:
	}
	if err := cn.client.Send(ctx, msg(9)); err != nil {
		t.Fatal(err)
	}
	if err := receipts[4].Wait(ctx); err != nil {
		t.Fatal(err)
	}
	waitAcked(t, cn.client, 6)
	in2, _, _, _ := sm.Counts(cn.server)
	if in2 != 6 {
		t.Fatalf("server counted %d", in2)
	}
}

func TestAckByTime(t *testing.T) {
	r := newRig(t, sm.ServerConfig{})
	cn := r.enabled(sm.Config{AckEvery: -1, AckAfter: 20 * time.Millisecond}, xmpp.Config{})
	ctx := ctx5(t)
	rc, err := sm.Send(ctx, cn.client, msg(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Wait(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestQueueFull(t *testing.T) {
	r := newRig(t, sm.ServerConfig{})
	cn := r.enabled(sm.Config{MaxUnacked: 2, AckEvery: -1, AckAfter: -1}, xmpp.Config{})
	ctx := ctx5(t)
	for i := range 2 {
		if err := cn.client.Send(ctx, msg(i)); err != nil {
			t.Fatal(err)
		}
	}
	err := cn.client.Send(ctx, msg(3))
	if err != sm.ErrQueueFull {
		t.Fatalf("third send: %v, want ErrQueueFull", err)
	}
	// The refusal asked for an acknowledgement: room comes.
	if err := sm.WaitRoom(ctx, cn.client); err != nil {
		t.Fatal(err)
	}
	if err := cn.client.Send(ctx, msg(3)); err != nil {
		t.Fatal(err)
	}
}

var _ = fmt.Sprint
var _ = chat

// waitAcked waits until the peer of s acknowledged n stanzas, all s sent.
func waitAcked(tb testing.TB, s *xmpp.Session, n uint32) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, out, acked, ok := sm.Counts(s)
		if ok && out == n && acked == n {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("out %d acked %d, want %d", out, acked, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestMaxHonoured: the server keeps a stream no longer than its window,
// and no longer than the client asks.
func TestMaxHonoured(t *testing.T) {
	for _, tc := range []struct {
		window, asked time.Duration
		want          uint32
	}{
		{time.Minute, 0, 60},
		{time.Minute, 10 * time.Second, 10},
		{time.Minute, time.Hour, 60},
	} {
		r := newRig(t, sm.ServerConfig{Window: tc.window})
		cn := r.enabled(sm.Config{Max: tc.asked}, xmpp.Config{})
		en, err := sm.WaitEnabled(ctx5(t), cn.client)
		if err != nil || en.Max != tc.want {
			t.Errorf("window %v, asked %v: enabled %+v %v, want max %d", tc.window, tc.asked, en, err, tc.want)
		}
	}
}

// TestNoResume: acknowledgements only; the ended stream cannot be resumed
// and its receipts settle as unacknowledged.
func TestNoResume(t *testing.T) {
	r := newRig(t, sm.ServerConfig{})
	cn := r.enabled(sm.Config{NoResume: true, AckEvery: -1, AckAfter: -1}, xmpp.Config{})
	rc, err := sm.Send(ctx5(t), cn.client, msg(1))
	if err != nil {
		t.Fatal(err)
	}
	cn.kill(t)
	if err := rc.Wait(ctx5(t)); err != sm.ErrUnacknowledged {
		t.Fatalf("receipt %v", err)
	}
	st, err := sm.Ended(cn.client)
	if err != nil || st.Resumable() || len(st.Unacked()) != 1 {
		t.Fatalf("state %+v %v", st, err)
	}
	if r.srv.Detached(cn.server) {
		t.Fatal("kept a stream that cannot be resumed")
	}
}
