package bench

import (
	"context"
	"encoding/xml"
	"io"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// benchMessage is the workload's message:
// <message xmlns="jabber:client" type="chat" to="b@example.net/bench" id="<16 hex>"><body>hello</body></message>
type benchMessage struct {
	stanza.Message
	Body string
}

var bodyName = xml.Name{Space: stanza.NSClient, Local: "body"}

func (m *benchMessage) WriteXML(w xmlstream.Encoder) error {
	if err := m.Message.WriteStart(w); err != nil {
		return err
	}
	if err := w.Start(bodyName); err != nil {
		return err
	}
	if err := w.Text(m.Body); err != nil {
		return err
	}
	if err := w.End(); err != nil {
		return err
	}
	return w.End()
}

// received is what B's handler decodes each message into.
type received struct {
	To   string
	Type stanza.MessageType
	ID   string
	Body string
}

// counter decodes each message and signals when it has seen want of them.
type counter struct {
	n    atomic.Int64
	want int64
	done chan struct{}
	last received
}

func (c *counter) HandleXMPP(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) error {
	if st.Header.Kind != stanza.KindMessage {
		return nil
	}
	c.last = received{To: st.Header.To.String(), Type: st.Header.MessageType(), ID: st.Header.ID}
	if body, ok := st.Element.Child(stanza.NSClient, "body"); ok {
		c.last.Body = body.Text()
	}
	if c.n.Add(1) == c.want {
		close(c.done)
	}
	return nil
}

func benchMessages(b *testing.B, a, bconn net.Conn) {
	c := &counter{done: make(chan struct{})}
	sa, sb := connect(b, a, bconn, nil, c)
	defer closeBoth(b, sa, sb)
	ctx := context.Background()
	m := &benchMessage{Message: stanza.Message{XMLName: xml.Name{Space: stanza.NSClient, Local: "message"}, To: peerJID, Type: stanza.ChatMessage}, Body: "hello"}
	b.ReportAllocs()
	c.want = int64(b.N)
	start, cpu := time.Now(), startCPU()
	b.ResetTimer()
	for range b.N {
		m.ID = stanza.NewID()
		if err := sa.Send(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-c.done:
	case <-time.After(time.Minute):
		b.Fatalf("only %d of %d messages arrived", c.n.Load(), b.N)
	}
	b.StopTimer()
	cpu.report(b, b.N)
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
	if c.last.Body != "hello" || c.last.Type != stanza.ChatMessage || len(c.last.ID) != 16 {
		b.Fatalf("decoded %+v", c.last)
	}
}

func BenchmarkMessagePipe(b *testing.B) {
	a, c := net.Pipe()
	benchMessages(b, a, c)
}

func BenchmarkMessageTCP(b *testing.B) {
	a, c := tcpPair(b)
	benchMessages(b, a, c)
}

// rawMessage is the workload message as bytes (118 bytes).
var rawMessage = []byte(`<message xmlns="jabber:client" type="chat" to="b@example.net/bench" id="0123456789abcdef"><body>hello</body></message>`)

// benchRaw is the ceiling: the same bytes through the same transport with no XML.
func benchRaw(b *testing.B, w, r net.Conn) {
	defer w.Close()
	defer r.Close()
	done := make(chan error, 1)
	n := b.N
	cpu := startCPU()
	go func() {
		buf := make([]byte, len(rawMessage))
		for range n {
			if _, err := io.ReadFull(r, buf); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	b.ReportAllocs()
	start := time.Now()
	b.ResetTimer()
	for range n {
		if _, err := w.Write(rawMessage); err != nil {
			b.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	cpu.report(b, n)
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "msgs/s")
}

func BenchmarkRawPipe(b *testing.B) {
	w, r := net.Pipe()
	benchRaw(b, w, r)
}

func BenchmarkRawTCP(b *testing.B) {
	w, r := tcpPair(b)
	benchRaw(b, w, r)
}
