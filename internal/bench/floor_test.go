package bench

import (
	"bufio"
	"errors"
	"io"
	"net"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"
)

// The floors an IQ round trip is judged against: the ping request and its
// result as the session writes them, moved over the same transport with no
// XML at all. A caller writes the request, a reader on the caller's side
// reads the response and hands it to the waiting caller, and the peer reads
// each request and answers it. The IQ benchmarks do the same work plus
// XMPP; their ratio to these floors is the figure that survives a noisy
// machine. BenchmarkFloorRouteTLS (floorroute_test.go) is the floor of
// routing through the server in the same way.

// Both messages carry a 16-digit id at the same offset (floorIDAt), which
// the floors use to find the waiting caller.
var (
	floorRequest  = []byte(`<iq id="0000000000000000" to="example.net" type="get"><ping xmlns="urn:xmpp:ping"/></iq>`)
	floorResponse = []byte(`<iq id="0000000000000000" to="a@example.net/bench" from="example.net" type="result"/>`)
)

const floorIDAt = len(`<iq id="`)

// floorPeer answers every request read from c, writing the answers to
// whatever has gathered only when no further request is buffered, as a
// coalescing server would. It returns when c fails or closes.
func floorPeer(c net.Conn) {
	r := bufio.NewReaderSize(c, 4096)
	w := bufio.NewWriterSize(c, 4096)
	req := make([]byte, len(floorRequest))
	resp := append([]byte(nil), floorResponse...)
	for {
		if _, err := io.ReadFull(r, req); err != nil {
			return
		}
		copy(resp[floorIDAt:floorIDAt+16], req[floorIDAt:floorIDAt+16])
		if _, err := w.Write(resp); err != nil {
			return
		}
		if r.Buffered() == 0 {
			if err := w.Flush(); err != nil {
				return
			}
		}
	}
}

// floorClient is the calling side: callers write requests (combined when
// several are waiting to write) and a reader goroutine hands each response
// to the caller waiting for its id.
type floorClient struct {
	c       net.Conn
	mu      sync.Mutex
	pending []byte // requests waiting to be written
	writing bool   // a caller is writing; others leave their bytes in pending
	spare   []byte
	waiters []chan []byte // by id, each with its caller's response buffer
	bufs    [][]byte
}

func newFloorClient(c net.Conn, callers int) *floorClient {
	f := &floorClient{c: c, waiters: make([]chan []byte, callers), bufs: make([][]byte, callers)}
	for i := range f.waiters {
		f.waiters[i] = make(chan []byte, 1)
		f.bufs[i] = make([]byte, len(floorResponse))
	}
	go f.read()
	return f
}

func (f *floorClient) read() {
	r := bufio.NewReaderSize(f.c, 4096)
	resp := make([]byte, len(floorResponse))
	for {
		if _, err := io.ReadFull(r, resp); err != nil {
			for _, w := range f.waiters {
				close(w)
			}
			return
		}
		id, err := strconv.ParseUint(string(resp[floorIDAt:floorIDAt+16]), 16, 64)
		if err != nil || id >= uint64(len(f.waiters)) {
			panic("floor: bad response id")
		}
		copy(f.bufs[id], resp) // its caller waits: the buffer is free
		f.waiters[id] <- f.bufs[id]
	}
}

var errFloorClosed = errors.New("floor: connection closed")

// call sends the request of caller id and waits for its response.
func (f *floorClient) call(id int, req []byte) error {
	f.mu.Lock()
	f.pending = append(f.pending, req...)
	if f.writing {
		f.mu.Unlock()
	} else {
		// Write through while nobody else writes; what others queue
		// meanwhile goes in the next write.
		f.writing = true
		for len(f.pending) > 0 {
			batch := f.pending
			f.pending, f.spare = f.spare[:0], nil
			f.mu.Unlock()
			_, err := f.c.Write(batch)
			f.mu.Lock()
			f.spare = batch
			if err != nil {
				f.writing = false
				f.mu.Unlock()
				return err
			}
		}
		f.writing = false
		f.mu.Unlock()
	}
	if _, ok := <-f.waiters[id]; !ok {
		return errFloorClosed
	}
	return nil
}

func benchFloor(b *testing.B, a, c net.Conn, parallel bool) {
	defer a.Close()
	defer c.Close()
	go floorPeer(c)
	callers := 1
	if parallel {
		callers = 4 * runtime.GOMAXPROCS(0) // as the IQ benchmark: 8 callers on 2 cores
	}
	f := newFloorClient(a, callers)
	b.ReportAllocs()
	start, cpu := time.Now(), startCPU()
	b.ResetTimer()
	if !parallel {
		for range b.N {
			if err := f.call(0, floorRequest); err != nil {
				b.Fatal(err)
			}
		}
	} else {
		b.SetParallelism(4)
		var next sync.Mutex
		ids := 0
		b.RunParallel(func(pb *testing.PB) {
			next.Lock()
			id := ids
			ids++
			next.Unlock()
			req := make([]byte, len(floorRequest))
			copy(req, floorRequest)
			hex := strconv.FormatUint(uint64(id), 16)
			copy(req[floorIDAt+16-len(hex):floorIDAt+16], hex)
			for pb.Next() {
				if err := f.call(id, req); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	b.StopTimer()
	cpu.report(b, b.N)
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "iq/s")
}

func BenchmarkFloorPipe(b *testing.B) {
	a, c := net.Pipe()
	benchFloor(b, a, c, false)
}

func BenchmarkFloorTCP(b *testing.B) {
	a, c := tcpPair(b)
	benchFloor(b, a, c, false)
}

func BenchmarkFloorTCPParallel(b *testing.B) {
	a, c := tcpPair(b)
	benchFloor(b, a, c, true)
}
