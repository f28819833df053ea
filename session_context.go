package xmpp

import (
	"context"
	"sync/atomic"
)

// endContext is the session's context, cancelled when the stream ends: the
// parent of handler contexts and of the session's own timed writes. It is
// made the first time someone asks for it, which saves two allocations in
// the set-up of every session that ends before it has handled anything.
type endContext struct {
	p atomic.Pointer[cancelPair]
}

type cancelPair struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// endedContext is what a session that ended before anyone asked hands out.
var endedContext = func() *cancelPair {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return &cancelPair{ctx, cancel}
}()

// get returns the context, cancelled once end has been called.
func (e *endContext) get() context.Context {
	// Inlined: the context is made once, and then looked at by every
	// handler served.
	if p := e.p.Load(); p != nil {
		return p.ctx
	}
	return e.make()
}

// make makes the context, unless another goroutine did meanwhile.
func (e *endContext) make() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	if e.p.CompareAndSwap(nil, &cancelPair{ctx, cancel}) {
		return ctx
	}
	cancel()
	return e.p.Load().ctx
}

// end cancels the context. It may be called more than once.
func (e *endContext) end() {
	if !e.p.CompareAndSwap(nil, endedContext) {
		e.p.Load().cancel()
	}
}
