package xmpp

import (
	"runtime"
	"sync/atomic"
	"time"
)

// The goroutines that write outboxes to their transports are shared by all
// sessions: a writer that has emptied one outbox waits a while for the next
// outbox to write, of any session, before it ends. An outbox writer runs
// once per flush when sessions exchange requests and responses one at a
// time; a fresh goroutine each time grew its stack on every transport write
// (an eighth of the CPU of an IQ round trip over net.Pipe). Idle sessions
// still hold no writer: at most parkedWriters wait, for at most writerLinger.
var (
	writerJobs    = make(chan *outbox) // to a waiting writer
	writersParked atomic.Int32
	parkedWriters = int32(2 * runtime.GOMAXPROCS(0))
)

// writerLinger is how long a writer waits for more work before it ends.
const writerLinger = 200 * time.Millisecond

// startWriter runs o.writeAll on a waiting writer, or on a new one.
func startWriter(o *outbox) {
	select {
	case writerJobs <- o:
	default:
		go writer(o)
	}
}

// writer writes o, then the outboxes it is handed while it waits.
func writer(o *outbox) {
	o.writeAll()
	var t *time.Timer
	for {
		if writersParked.Add(1) > parkedWriters {
			writersParked.Add(-1)
			return
		}
		if t == nil {
			t = time.NewTimer(writerLinger)
		} else {
			t.Reset(writerLinger)
		}
		select {
		case o = <-writerJobs:
			writersParked.Add(-1)
			o.writeAll()
		case <-t.C:
			writersParked.Add(-1)
			return
		}
	}
}
