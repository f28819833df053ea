package muc_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/server/store/sqlite"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// BenchmarkServiceGroupchatArchiveSQLite measures groupchat through four
// archived rooms of 10 occupants whose archive is in an SQLite file (one
// durable append per message), the messages taking turns between the
// rooms as from one component session.
func BenchmarkServiceGroupchatArchiveSQLite(b *testing.B) {
	const rooms, occupants = 4, 10
	st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "rooms.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	rs, err := st.RoomStore(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	h := newSvcHarness(b, muc.ServiceConfig{Store: rs})
	msgs := make([]*xmlstream.Element, rooms)
	for r := range rooms {
		name := fmt.Sprintf("bench%d", r)
		h.create(alice, name, "al", "muc#roomconfig_enablearchiving", "1")
		for i := 1; i < occupants; i++ {
			h.join(fmt.Sprintf("u%d@localhost/r", i), name, fmt.Sprintf("u%d", i), "<x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x>")
		}
		msgs[r] = xmpptest.ElementIn(b, stanza.NSComponent, `<message type='groupchat' from='`+alice+`' to='`+name+`@conference.localhost'><body>Hello, everyone in the room!</body></message>`)
	}
	h.clear()
	elapsed := h.benchGroupchat(b, msgs, occupants)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
}
