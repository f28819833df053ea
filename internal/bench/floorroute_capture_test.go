package bench

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
)

// routeCapture is BenchmarkRouteTLS's message as the real server routes it
// between u0 and u1: the bytes the sender writes, the bytes the server
// delivers to the receiver (with the from, stanza-id and so on it stamps),
// and the TLS parameters the sessions negotiated.
type routeCapture struct {
	sent, delivered []byte
	// chunks is how many writes the server delivered the message in.
	chunks  int
	version uint16
	suite   uint16
	curve   tls.CurveID
}

// forPair is the capture with u0 and u1 replaced by pair i's accounts,
// u(2i) and u(2i+1), as BenchmarkRouteTLS pairs them.
func (c *routeCapture) forPair(i int) (sent, delivered []byte) {
	r := strings.NewReplacer(
		"u0@example.test", fmt.Sprint("u", 2*i, "@example.test"),
		"u1@example.test", fmt.Sprint("u", 2*i+1, "@example.test"))
	return []byte(r.Replace(string(c.sent))), []byte(r.Replace(string(c.delivered)))
}

// rawRecorder keeps, while on, the lines of a session's raw log
// (xmpp.Config.RawLog): each chunk read is "C<n> <- " and its text, each
// chunk written "C<n> -> ", split into lines between adjacent tags.
type rawRecorder struct {
	on     atomic.Bool
	mu     sync.Mutex
	chunks []string
}

func (r *rawRecorder) Write(p []byte) (int, error) {
	if r.on.Load() {
		r.mu.Lock()
		r.chunks = append(r.chunks, string(p))
		r.mu.Unlock()
	}
	return len(p), nil
}

// bytes returns what the recorded chunks of direction dir ("<-" or "->")
// carried and how many chunks that was. The log only breaks lines between
// tags and at line breaks, so for a message with neither line breaks nor
// white space next to its tags, joining the lines gives its bytes back.
func (r *rawRecorder) bytes(dir string) ([]byte, int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []byte
	n := 0
	for _, chunk := range r.chunks {
		mine := false
		for line := range strings.Lines(chunk) {
			_, text, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " "+dir+" ")
			if !ok {
				continue
			}
			if strings.HasPrefix(text, `"`) {
				return nil, 0, fmt.Errorf("capture: white space chunk %s in the raw log", text)
			}
			out = append(out, text...)
			mine = true
		}
		if mine {
			n++
		}
	}
	return out, n, nil
}

// captureRoute logs u0 and u1 in to a benchmark server as BenchmarkRouteTLS
// does, sends u1 the benchmark's message from u0 and records, from the two
// sessions' raw logs, the bytes u0 wrote and the bytes u1 read.
func captureRoute() (*routeCapture, error) {
	srv, err := newBenchServer(2)
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	in, errs := make(arrivals, 1), make(bounces, 1)
	var sentLog, readLog rawRecorder
	from, err := benchLoginWith(ctx, srv, 0, "bench", xmpp.Config{Handler: errs, RawLog: &sentLog})
	if err != nil {
		return nil, err
	}
	defer from.Close(ctx)
	to, err := benchLoginWith(ctx, srv, 1, "bench", xmpp.Config{Handler: in, RawLog: &readLog})
	if err != nil {
		return nil, err
	}
	defer to.Close(ctx)
	msg := &benchMessage{Message: stanza.Message{XMLName: xml.Name{Space: stanza.NSClient, Local: "message"},
		To: to.LocalAddr(), Type: stanza.ChatMessage, ID: stanza.NewID()}, Body: "hello"}
	sentLog.on.Store(true)
	readLog.on.Store(true)
	if err := from.Send(ctx, msg); err != nil {
		return nil, err
	}
	select {
	case <-in:
	case err := <-errs:
		return nil, fmt.Errorf("capture: message bounced: %w", err)
	case <-ctx.Done():
		return nil, errors.New("capture: message lost")
	}
	c := &routeCapture{}
	// The sender's write may be logged after the delivery: the session
	// can leave it to its outbox, which writes on a goroutine of its own.
	for {
		if c.sent, _, err = sentLog.bytes("->"); err != nil {
			return nil, err
		}
		if len(c.sent) > 0 || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if c.delivered, c.chunks, err = readLog.bytes("<-"); err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(c.sent, []byte("<message")) || !bytes.HasPrefix(c.delivered, []byte("<message")) {
		return nil, fmt.Errorf("capture: not the message: sent %q, delivered %q", c.sent, c.delivered)
	}
	st := to.TLSState()
	if st == nil {
		return nil, errors.New("capture: the session has no TLS")
	}
	c.version, c.suite, c.curve = st.Version, st.CipherSuite, st.CurveID
	return c, nil
}
