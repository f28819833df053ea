package muc

import (
	"context"
	"errors"
	"time"

	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
)

// SelfPing asks the room whether the client is still an occupant
// (XEP-0410 §3): it pings its own occupant JID. It returns true when the
// room answers as for a joined client (a result, service-unavailable,
// feature-not-implemented or item-not-found), false for any other error,
// and the error itself when no decision can be made (a timeout, ctx, an
// unreachable remote server).
func (r *Room) SelfPing(ctx context.Context) (bool, error) {
	to, err := r.occupantJID(r.Nick())
	if err != nil {
		return false, err
	}
	_, err = ping.Send(ctx, r.s, to)
	if err == nil {
		return true, nil
	}
	var se stanza.Error
	if !errors.As(err, &se) {
		return false, err
	}
	switch se.Condition {
	case stanza.ServiceUnavailable, stanza.FeatureNotImplemented, stanza.ItemNotFound:
		return true, nil
	case stanza.RemoteServerNotFound, stanza.RemoteServerTimeout:
		return false, err
	}
	return false, nil
}

// pinger self-pings the room each interval without stanzas from it, and
// rejoins when the room no longer knows the client. It ends when the
// client leaves the room or the session ends.
func (r *Room) pinger(interval time.Duration) {
	t := time.NewTimer(interval)
	defer t.Stop()
	for {
		select {
		case <-r.done:
			return
		case <-r.s.Done():
			r.remove()
			return
		case <-t.C:
		}
		r.mu.Lock()
		idle := time.Since(r.last)
		r.mu.Unlock()
		if idle < interval {
			t.Reset(interval - idle)
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), interval)
		joined, err := r.SelfPing(ctx)
		if err == nil && !joined {
			r.rejoin(ctx)
		}
		cancel()
		r.touch()
		t.Reset(interval)
	}
}

// rejoin sends the join presence again; the room's answer goes through
// the usual presence handling, which refills the occupant list.
func (r *Room) rejoin(ctx context.Context) {
	to, err := r.occupantJID(r.Nick())
	if err != nil {
		return
	}
	r.mu.Lock()
	clear(r.occupants)
	r.mu.Unlock()
	_ = r.s.Send(ctx, stanza.Presence{To: to}.Wrap(Join{Password: r.opts.Password, History: &History{MaxStanzas: Limit(0)}}))
}
