package bench

import (
	"io"
	"net"
	"testing"
	"time"
)

// setupFloorWrites are the eight writes of BenchmarkSetupPipe's negotiation,
// initiator first, byte for byte as the sessions write them (the ids are
// fixed here): the stream headers, the features (which leave with the
// receiving side's header), PLAIN, success, the restart and binding. RFC
// 6120 allows no fewer for this negotiation: each waits for the peer's
// answer to the one before.
var setupFloorWrites = [8]string{
	`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' from='a@example.net' version='1.0' xml:lang='en'>`,
	`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='a@example.net' from='example.net' id='a6ddb7280cd8c293c5baa0613497f38b' version='1.0' xml:lang='en'><stream:features><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>PLAIN</mechanism></mechanisms></stream:features>`,
	`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">AGEAcGFzc3dvcmQ=</auth>`,
	`<success xmlns="urn:ietf:params:xml:ns:xmpp-sasl"/>`,
	`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' from='a@example.net' version='1.0' xml:lang='en'>`,
	`<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='a@example.net' from='example.net' id='145fd5e1f50f2bf471b1bc25b74e9948' version='1.0' xml:lang='en'><stream:features><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></stream:features>`,
	`<iq id="ab802379007eb0f9" type="set"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>bench</resource></bind></iq>`,
	`<iq id="ab802379007eb0f9" type="result"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><jid>a@example.net/bench</jid></bind></iq>`,
}

// setupFloorSide plays one side of the negotiation's exchange over c with
// no XML: the initiator (first) writes the even writes and reads the odd
// ones, the receiver the reverse. Each read takes a whole write, as the
// session's decoder does.
func setupFloorSide(c net.Conn, first bool) error {
	var buf [448]byte // the decoder's first read of a burst takes as much
	for i, w := range setupFloorWrites {
		if (i%2 == 0) == first {
			if _, err := io.WriteString(c, w); err != nil {
				return err
			}
		} else if _, err := io.ReadFull(c, buf[:len(w)]); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkSetupFloorPipe is the floor BenchmarkSetupPipe is judged
// against: the same eight writes over net.Pipe with no XML, and the same
// goroutines (the receiving side on a goroutine of its own, a read loop
// started on each side once done), so that the ratio of the two is the
// figure that survives a noisy machine.
func BenchmarkSetupFloorPipe(b *testing.B) {
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		start := cpuNow()
		ca, cb := net.Pipe()
		done := make(chan error, 1)
		go func() {
			err := setupFloorSide(cb, false)
			go io.Copy(io.Discard, cb) // the receiver's read loop
			done <- err
		}()
		err := setupFloorSide(ca, true)
		go io.Copy(io.Discard, ca) // the initiator's read loop
		if rerr := <-done; err != nil || rerr != nil {
			b.Fatalf("floor: initiator %v, receiver %v", err, rerr)
		}
		cpu += cpuNow() - start
		b.StopTimer()
		_ = ca.Close()
		_ = cb.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
}
