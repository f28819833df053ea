package bench

import (
	"context"
	"encoding/xml"
	"net"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

var pingName = xml.Name{Space: "urn:xmpp:ping", Local: "ping"}

type pingPayload struct{}

func (pingPayload) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(pingName); err != nil {
		return err
	}
	return w.End()
}

// pong answers pings, as an XEP-0199 responder does.
var pong = xmpp.HandlerFunc(func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if name, _ := st.Element.FirstChild(); st.Header.Kind != stanza.KindIQ || name != pingName {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	return s.Send(ctx, xmlstream.MarshalerFunc(st.Header.IQ().Result().WriteEmpty))
})

func benchIQ(b *testing.B, a, c net.Conn, parallel bool) {
	sa, sb := connect(b, a, c, nil, pong)
	defer closeBoth(b, sa, sb)
	iq := stanza.IQ{Type: stanza.GetIQ, To: sa.RemoteAddr()}
	// No deadline, as the floors have none: a pending timer of its own
	// makes the runtime look at the clock at every reschedule, and a
	// SendIQ whose context can end waits in a select rather than on its
	// channel, neither of which the floors pay. A lost response hangs the
	// benchmark until go test's -timeout ends it, as it would a floor's.
	ctx := context.Background()
	ping := func() {
		if _, err := sa.SendIQ(ctx, iq, pingPayload{}); err != nil {
			b.Error(err)
		}
	}
	b.ReportAllocs()
	start, cpu := time.Now(), startCPU()
	b.ResetTimer()
	if parallel {
		b.SetParallelism(4) // 8 callers on 2 cores
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				ping()
			}
		})
	} else {
		for range b.N {
			ping()
		}
	}
	b.StopTimer()
	cpu.report(b, b.N)
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "iq/s")
}

func BenchmarkIQPipe(b *testing.B) {
	a, c := net.Pipe()
	benchIQ(b, a, c, false)
}

func BenchmarkIQTCP(b *testing.B) {
	a, c := tcpPair(b)
	benchIQ(b, a, c, false)
}

func BenchmarkIQTCPParallel(b *testing.B) {
	a, c := tcpPair(b)
	benchIQ(b, a, c, true)
}
