package muc_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkServiceGroupchat50 measures groupchat through a room of 50
// occupants: each message is reflected 50 times over the component
// session.
func BenchmarkServiceGroupchat50(b *testing.B) {
	const occupants = 50
	h := newSvcHarness(b, muc.ServiceConfig{})
	h.create(alice, "bench", "al")
	for i := 1; i < occupants; i++ {
		h.join(fmt.Sprintf("u%d@localhost/r", i), "bench", fmt.Sprintf("u%d", i), "<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x>")
	}
	h.clear()
	var delivered atomic.Int64
	h.mu.Lock()
	h.sink = func(st *xmpp.Stanza) bool {
		if st.Header.Type == string(stanza.GroupChatMessage) {
			delivered.Add(1)
			return true
		}
		return false
	}
	h.mu.Unlock()
	msg := xmpptest.ElementIn(b, stanza.NSComponent, `<message type='groupchat' from='`+alice+`' to='bench@conference.localhost'><body>Hello, everyone in the room!</body></message>`)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if err := h.router.Send(b.Context(), msg); err != nil {
			b.Fatal(err)
		}
	}
	want := int64(b.N) * occupants
	for delivered.Load() < want {
		if time.Since(start) > time.Minute {
			b.Fatalf("delivered %d of %d", delivered.Load(), want)
		}
		time.Sleep(100 * time.Microsecond)
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(float64(want)/elapsed.Seconds(), "deliveries/s")
}
