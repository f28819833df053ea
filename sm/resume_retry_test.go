package sm_test

import (
	"context"
	"net"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/message"
	"github.com/canto-im/xmpp/sm"
)

// gated records the bodies of the messages it handles, and holds the one
// with body "1" until open is closed, as a handler routing to a slow
// recipient would: the stream's resumption waits for it (the old stream's
// stanzas are routed before the new one's).
type gated struct {
	*bodies
	open chan struct{}
}

func (g gated) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if m, err := message.Parse(st.Element); err == nil && m.Body("") == "1" {
		<-g.open
	}
	return g.bodies.HandleXMPP(ctx, s, st)
}

// interrupted is a stream that a client resumes with an sm.Resumer: its
// connection was killed with three stanzas from the client (the first
// still held by the server's handler) and two from the server, none
// acknowledged.
type interrupted struct {
	r                   *rig
	id                  string
	atServer            gated
	atClient            *bodies
	resumer             *sm.Resumer
	cfg                 xmpp.Config
	clientSent, srvSent []string
	old                 *xmpp.Session // the server's session of the killed connection
	srvEnd              *freezable    // its connection, the server's end
}

func newInterrupted(t *testing.T) *interrupted {
	in := &interrupted{
		r:        newRig(t, sm.ServerConfig{AckEvery: -1, AckAfter: -1}),
		atServer: gated{bodies: newBodies(), open: make(chan struct{})},
		atClient: newBodies(),
		resumer:  sm.NewResumer(quiet),
	}
	in.r.handler = in.atServer
	in.cfg = xmpp.Config{Handler: in.atClient}
	c, srvEnd := net.Pipe()
	in.srvEnd = &freezable{Conn: srvEnd, thaw: make(chan struct{})}
	cn, err := in.r.connectOver(c, in.srvEnd, "", in.cfg, in.features()...)
	if err != nil {
		t.Fatal(err)
	}
	in.old = cn.server
	ctx := ctx5(t)
	en, err := sm.WaitEnabled(ctx, cn.client)
	if err != nil {
		t.Fatal(err)
	}
	in.id = en.ID
	if in.resumer.Resumed(cn.client) {
		t.Fatal("first session resumed")
	}
	for i := 1; i <= 3; i++ {
		if err := cn.client.Send(ctx, msg(i)); err != nil {
			t.Fatal(err)
		}
		in.clientSent = append(in.clientSent, msg(i).Body(""))
	}
	for i := 101; i <= 102; i++ {
		if err := cn.server.Send(ctx, msg(i)); err != nil {
			t.Fatal(err)
		}
		in.srvSent = append(in.srvSent, msg(i).Body(""))
	}
	in.atClient.wait(t, 2)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		if h, _, _, _ := sm.Counts(cn.server); h >= 1 {
			break // the first is held by the handler
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not receive the client's stanzas")
		}
	}
	// The server's session may not notice the end while its handler
	// holds a stanza.
	_ = cn.raw.Close()
	select {
	case <-cn.client.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("client session did not end")
	}
	return in
}

// features are those of the client's next connection attempt.
func (in *interrupted) features() []xmpp.StreamFeature {
	return append(in.resumer.Features(), xmpp.BindResource())
}

// attempt starts a connection attempt over a pipe whose client end it
// returns; the attempt's outcome arrives on the channel.
func (in *interrupted) attempt() (net.Conn, <-chan attemptResult) {
	c, s := net.Pipe()
	fs := in.features()
	done := make(chan attemptResult, 1)
	go func() {
		cn, err := in.r.connectOver(c, s, "", in.cfg, fs...)
		done <- attemptResult{cn, err}
	}()
	return c, done
}

type attemptResult struct {
	cn  *conn
	err error
}

// waitResuming waits until the server is resuming the stream, or not.
func (in *interrupted) waitResuming(t *testing.T, want bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for sm.Resuming(in.r.srv, in.id) != want {
		if time.Now().After(deadline) {
			t.Fatalf("resuming %v, want %v", !want, want)
		}
		time.Sleep(time.Millisecond)
	}
}

// finish checks that a resumed cn completes the stream: each side gets
// every stanza of the other exactly once, and nothing is reported lost.
func (in *interrupted) finish(t *testing.T, res attemptResult) {
	t.Helper()
	if res.err != nil {
		t.Fatalf("resuming attempt: %v", res.err)
	}
	if !in.resumer.Resumed(res.cn.client) {
		t.Fatalf("not resumed: %v", sm.ResumptionOf(res.cn.client, nil).Err)
	}
	if lost := in.resumer.Lost(); len(lost) != 0 {
		t.Fatalf("%d stanzas reported lost", len(lost))
	}
	ctx := ctx5(t)
	if err := res.cn.client.Send(ctx, msg(4)); err != nil {
		t.Fatal(err)
	}
	if err := res.cn.server.Send(ctx, msg(103)); err != nil {
		t.Fatal(err)
	}
	wantS := append(slices.Clone(in.clientSent), "4")
	wantC := append(slices.Clone(in.srvSent), "103")
	in.atServer.wait(t, len(wantS))
	in.atClient.wait(t, len(wantC))
	time.Sleep(20 * time.Millisecond) // a duplicate would show now
	if got := in.atServer.wait(t, len(wantS)); !slices.Equal(got, wantS) {
		t.Errorf("server got %v, want %v", got, wantS)
	}
	if got := in.atClient.wait(t, len(wantC)); !slices.Equal(got, wantC) {
		t.Errorf("client got %v, want %v", got, wantC)
	}
}

// TestResumeRetriedWhileResuming: a client whose resuming connection dies
// unnoticed by the server (cut right after <resume/>, or given up by the
// client) tries again while the server still works on the first attempt.
// The latest attempt takes the stream over, queue and all, rather than
// being told the stream is not found.
func TestResumeRetriedWhileResuming(t *testing.T) {
	in := newInterrupted(t)
	_, first := in.attempt()
	in.waitResuming(t, true) // held by the old stream's handler

	_, second := in.attempt()
	select {
	case res := <-first:
		if res.err == nil {
			t.Fatal("the first attempt resumed too")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the first attempt was not ended by the second")
	}
	close(in.atServer.open)
	in.finish(t, <-second)
}

// TestResumeCutBeforeResumedKeepsQueue: a resuming connection that dies
// before <resumed/> leaves the stream as it was on both sides: the next
// attempt resumes it, and nothing is lost or sent twice.
func TestResumeCutBeforeResumedKeepsQueue(t *testing.T) {
	in := newInterrupted(t)
	c, first := in.attempt()
	in.waitResuming(t, true)
	_ = c.Close()
	close(in.atServer.open) // the server writes <resumed/> into the dead connection
	if res := <-first; res.err == nil {
		t.Fatal("the cut attempt resumed")
	}
	in.waitResuming(t, false)

	_, second := in.attempt()
	in.finish(t, <-second)
}

// TestResumeTimedOutKeepsStream: a resumption that ends the old, still
// open, connection with conflict and then fails (its own negotiation times
// out while the old connection is slow to close, its peer not reading)
// leaves the stream kept: the old connection's end, caused by that
// conflict, does not end the stream when it comes.
func TestResumeTimedOutKeepsStream(t *testing.T) {
	in := newInterrupted(t)
	in.srvEnd.freeze() // the conflict's stream error cannot be written
	in.r.timeout = 200 * time.Millisecond
	_, first := in.attempt()
	if res := <-first; res.err == nil {
		t.Fatal("the first attempt resumed")
	}
	in.waitResuming(t, false)
	in.srvEnd.unfreeze()
	close(in.atServer.open)
	select {
	case <-in.old.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the old session did not end")
	}
	in.r.timeout = 0
	_, second := in.attempt()
	in.finish(t, <-second)
}

// freezable is a connection whose writes can be made to wait, as those to
// a peer that stopped reading do, until unfreeze (then they fail).
type freezable struct {
	net.Conn
	frozen atomic.Bool
	thaw   chan struct{}
}

func (f *freezable) freeze()   { f.frozen.Store(true) }
func (f *freezable) unfreeze() { close(f.thaw) }

func (f *freezable) Write(p []byte) (int, error) {
	if f.frozen.Load() {
		<-f.thaw
		return 0, net.ErrClosed
	}
	return f.Conn.Write(p)
}
