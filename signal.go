package xmpp

import "sync/atomic"

// A signal is a channel closed once, made only if someone waits on it
// before it is closed: most sessions end with nobody having waited on
// some of theirs (Handled, the transport's close), which saves making
// them in every session's set-up.
type signal struct {
	v atomic.Value // chan struct{}
}

// closedChan is what a signal closed before anyone waited hands out.
var closedChan = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// ch returns the channel, closed once close has been called.
func (g *signal) ch() <-chan struct{} {
	if c, ok := g.v.Load().(chan struct{}); ok {
		return c
	}
	c := make(chan struct{})
	if g.v.CompareAndSwap(nil, c) {
		return c
	}
	return g.v.Load().(chan struct{})
}

// close closes the channel. It must be called once at most, as close on
// a channel.
func (g *signal) close() {
	if !g.v.CompareAndSwap(nil, closedChan) {
		close(g.v.Load().(chan struct{}))
	}
}
