package server

import (
	"net"
	"sync"
)

// gate bounds the connections that have not finished negotiating (TLS,
// SASL, binding), in total and per source address. Such a connection costs
// a descriptor and a goroutine before anyone is known to be behind it; with
// no bound, one client opening idle connections exhausts the process's
// descriptors and every listener stops accepting (issue 17, item 1).
type gate struct {
	max, perAddr int

	mu     sync.Mutex
	total  int
	byAddr map[string]int
}

func newGate(max, perAddr int) *gate {
	return &gate{max: max, perAddr: perAddr, byAddr: make(map[string]int)}
}

// Reasons a connection is refused.
const (
	refusedTotal   = "too many unauthenticated connections"
	refusedPerAddr = "too many unauthenticated connections from this address"
)

// enter admits a connection from addr, or returns why not. The returned
// release must be called once the connection has negotiated or ended;
// calling it again does nothing.
func (g *gate) enter(addr string) (release func(), refused string) {
	host := hostOf(addr)
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case g.total >= g.max:
		return nil, refusedTotal
	case g.byAddr[host] >= g.perAddr:
		return nil, refusedPerAddr
	}
	g.total++
	g.byAddr[host]++
	var once sync.Once
	return func() { once.Do(func() { g.leave(host) }) }, ""
}

func (g *gate) leave(host string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.total--
	if g.byAddr[host]--; g.byAddr[host] <= 0 {
		delete(g.byAddr, host)
	}
}

// hostOf is the source address without its port, the unit that per-address
// caps count: an attacker picks ports freely, and an IPv6 one picks freely
// in its /64 too (the smallest prefix a site is given), so IPv6 addresses
// count by /64.
func hostOf(addr string) string {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	ip := net.ParseIP(host)
	if ip == nil || ip.To4() != nil {
		return host
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}
