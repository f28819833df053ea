package mam_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
)

// BenchmarkRecordAll measures what archiving one routed message costs a
// server: two appends (the recipient's archive and the sender's) to the
// in-memory archive, spread over the accounts of 1,000 pairs, as the
// server's routing benchmark does.
func BenchmarkRecordAll(b *testing.B) {
	const pairs = 1000
	owners := make([]jid.JID, 2*pairs)
	for i := range owners {
		owners[i] = jid.MustParse(fmt.Sprintf("u%d@example.test", i))
	}
	full := make([]jid.JID, len(owners))
	for i, o := range owners {
		full[i] = jid.MustParse(o.String() + "/bench")
	}
	raw := []byte(`<message xmlns="jabber:client" from="u0@example.test/bench" to="u1@example.test/bench" type="chat" id="0123456789abcdef"><body>hello</body></message>`)
	ids := make([]string, 0, 2*b.N)
	for i := range 2 * b.N {
		ids = append(ids, fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i))
	}
	sv := mam.NewService(mam.NewMemoryArchive(mam.MemoryLimits{Retention: 30 * 24 * time.Hour}), mam.ServiceOptions{})
	rs := make([]mam.Recording, 2)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		p := i % pairs
		from, to := 2*p, 2*p+1
		now := time.Now()
		rs[0] = mam.Recording{Owner: owners[to], With: full[from], ID: ids[2*i], When: now, Raw: raw}
		rs[1] = mam.Recording{Owner: owners[from], With: full[to], ID: ids[2*i+1], When: now, Raw: raw}
		if _, err := sv.RecordAll(rs); err != nil {
			b.Fatal(err)
		}
	}
}
