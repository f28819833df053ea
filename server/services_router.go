package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/mux"
)

// serviceRouter answers the requests to the server's domain with the
// service mux of the moment: the mux is rebuilt when a component connects
// or leaves, so that disco#items lists the components connected
// (XEP-0030 §4) while requests never wait on a lock.
type serviceRouter struct {
	started time.Time
	extra   []disco.Feature // advertised besides the fixed ones (serviceMux)
	mu      sync.Mutex      // serialises refresh
	cur     atomic.Pointer[mux.ServeMux]
}

func newServiceRouter(started time.Time, extra ...disco.Feature) *serviceRouter {
	r := &serviceRouter{started: started, extra: extra}
	r.cur.Store(serviceMux(started, nil, extra...))
	return r
}

// refresh rebuilds the mux with the items of the moment.
func (r *serviceRouter) refresh(items func() []disco.Item) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cur.Store(serviceMux(r.started, items(), r.extra...))
}

// HandleXMPP routes a request to the server's domain.
func (r *serviceRouter) HandleXMPP(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	return r.cur.Load().HandleXMPP(ctx, sess, st)
}
