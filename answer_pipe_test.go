package xmpp_test

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmpptest"
)

// answerPipePeer is answerPeer over net.Pipe, whose server side is conn
// made from the pipe's end.
func answerPipePeer(t *testing.T, conn func(net.Conn) net.Conn) *xmpptest.Peer {
	t.Helper()
	c, s := net.Pipe()
	peer, _ := xmpptest.Receive(t, c, conn(s), xmpp.Config{InsecureAssumeSecure: true},
		xmpp.SASLServer(sasl.ServerConfig{Mechanisms: []string{sasl.Plain}, Plain: func(string, string) error { return nil }}),
		xmpp.BindResource(), answerFeature{})
	if _, err := peer.LoginPlain("juliet", "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := peer.Bind(); err != nil {
		t.Fatal(err)
	}
	return peer
}

// requestsInOneWrite writes n requests <q n='1'/> to <q n='n'/> in one
// write and reads the answers until one carries n, checking that each
// carries a later n than the one before. It returns how many answers came
// and the size of the write.
func requestsInOneWrite(t *testing.T, peer *xmpptest.Peer, n int) (answers, size int) {
	t.Helper()
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "<q xmlns='%s' n='%d'/>", nsAnswer, i)
	}
	errc := make(chan error, 1)
	go func() { errc <- peer.Write(b.String()) }()
	for prev := 0; prev < n; answers++ {
		el, err := peer.Read()
		if err != nil {
			t.Fatal(err)
		}
		got, err := strconv.Atoi(el.Attr("n"))
		// The same n twice is right: fill writes the latest n, so a
		// writer that flushes the previous answer after the Receiver
		// has taken n and before its Answer call writes that n, and the
		// Answer writes it again (as sm's <a/> repeats an h).
		if err != nil || el.Name().Local != "qa" || got < prev {
			t.Fatalf("after n=%d: %v n=%q", prev, el.Name(), el.Attr("n"))
		}
		prev = got
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	return answers, b.Len()
}

// Over a pipe, which cannot be read without waiting, a read that filled
// the decoder's buffer is taken as the peer still writing: the answer
// waits for the next read, up to the read-ahead bound, rather than one
// answer per 4 KiB read (about 19 here).
func TestAnswerPipeAfterFullReads(t *testing.T) {
	peer := answerPipePeer(t, func(c net.Conn) net.Conn { return c })
	answers, size := requestsInOneWrite(t, peer, 2000)
	// About 77 KiB, answered every 16 KiB read ahead, and at the end:
	// about 5. The outbox's writer may flush between reads as well when
	// the scheduler runs it there (seen under the race detector: 8 or 9),
	// so the bound is two thirds of one answer per 4 KiB read (12), well
	// under what the behaviour this guards against would give (19).
	t.Logf("%d answers to %d bytes", answers, size)
	if max := size / (6 << 10); answers > max {
		t.Fatalf("%d answers to %d bytes, want at most %d", answers, size, max)
	}
}

// fullReads pads every read of its Conn, once on, with white space to
// the length asked for: each read looks full, as if the peer were still
// writing, though the next one waits.
type fullReads struct {
	net.Conn
	on atomic.Bool
}

func (f *fullReads) Read(p []byte) (int, error) {
	n, err := f.Conn.Read(p)
	if f.on.Load() && n > 0 {
		for i := n; i < len(p); i++ {
			p[i] = ' '
		}
		n = len(p)
	}
	return n, err
}

// A read that looked full but then waits does not hold the answer back:
// the peer gets it although it sends nothing more until it does.
func TestAnswerAfterFullReadThatWaits(t *testing.T) {
	f := &fullReads{}
	peer := answerPipePeer(t, func(c net.Conn) net.Conn { f.Conn = c; return f })
	f.on.Store(true)
	for i := 1; i <= 3; i++ {
		if err := peer.Write(fmt.Sprintf("<q xmlns='%s' n='%d'/>", nsAnswer, i)); err != nil {
			t.Fatal(err)
		}
		type read struct {
			n   string
			err error
		}
		done := make(chan read, 1)
		go func() {
			el, err := peer.Read()
			if err != nil {
				done <- read{err: err}
				return
			}
			done <- read{n: el.Attr("n")}
		}()
		select {
		case r := <-done:
			if r.err != nil || r.n != strconv.Itoa(i) {
				t.Fatalf("answer to n=%d: n=%q, %v", i, r.n, r.err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no answer to n=%d", i)
		}
	}
}
