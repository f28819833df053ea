package csi

import (
	"context"

	"github.com/canto-im/xmpp"
)

// HeldCount returns how many elements the server side of s holds, read
// under the session's write lock (the queue's guard).
func HeldCount(s *xmpp.Session) int {
	sv, ok := serverKey.Get(s)
	if !ok {
		return -1
	}
	n := 0
	_ = s.Release(context.Background(), func() []xmpp.Held { n = sv.held.len(); return nil })
	return n
}
