package xmlstream

import (
	"fmt"
	"io"
	"sync"
)

const (
	initialBufSize = 4096
	// bufSlack is room beyond MaxNameBytes for lookahead and references.
	bufSlack = 128
	// maxEmptyReads bounds reads that return neither data nor an error.
	maxEmptyReads = 100
)

// offset returns the input offset of buf[pos].
func (d *Decoder) offset() int64 { return d.base + int64(d.pos) }

// maxBuf is the size the read buffer may grow to.
func (d *Decoder) maxBuf() int {
	return max(initialBufSize, d.lim.MaxNameBytes+bufSlack)
}

// fill reads more input, first moving buf[keep:end] to the front of the
// buffer. It returns by how much indexes into buf moved. It fails with the
// reader's error (io.EOF at the end of input) if no byte could be added, and
// with a policy violation when the current element is over its byte limit.
//
// fill itself only picks the way to read: it sits on the stack of every
// goroutine waiting for a peer, so its frame is kept small (see
// ReadElement), and the slower ways are functions of their own.
func (d *Decoder) fill(keep int) (shift int, err error) {
	if d.limStart >= 0 && d.offset()-d.limStart > int64(d.lim.MaxElementBytes) {
		return 0, d.overLimit()
	}
	if d.rerr != nil {
		return 0, d.rerr
	}
	if keep == d.end && (d.buf == nil || d.burst < idleReadSize) {
		// Nothing is buffered and the peer's latest burst fitted in the
		// idle buffer: the read may wait for as long as the peer is idle,
		// so it does not hold the read buffer. A peer whose bursts are
		// longer (a busy stream: pipelined requests, a batch of writes
		// combined) is read into the read buffer, so that one read takes
		// its next burst whole, rather than the idle buffer's worth, then
		// the rest. A burst that fits the idle buffer again gives the
		// read buffer back at the next wait.
		return d.fillIdle(keep)
	}
	return d.fillBuf(keep)
}

// overLimit is the error of an element over MaxElementBytes.
//
//go:noinline
func (d *Decoder) overLimit() error {
	return d.policy("element exceeds %d bytes", d.lim.MaxElementBytes)
}

// fillBuf is fill into the read buffer, keeping buf[keep:end].
//
//go:noinline
func (d *Decoder) fillBuf(keep int) (shift int, err error) {
	if d.onIdle() {
		// What the idle read brought goes on past it, or the peer's
		// bursts have grown: read on into a read buffer, keeping
		// buf[keep:end].
		d.pooled = bufPool.Get().(*[initialBufSize]byte)
		n := copy(d.pooled[:], d.buf[keep:d.end])
		d.base += int64(keep)
		d.pos -= keep
		d.end = n
		d.buf = d.pooled[:]
	} else if keep > 0 {
		copy(d.buf, d.buf[keep:d.end])
		d.base += int64(keep)
		d.pos -= keep
		d.end -= keep
	}
	if d.end == len(d.buf) {
		if len(d.buf) >= d.maxBuf() {
			return keep, d.policy("token longer than the read buffer")
		}
		nb := make([]byte, min(2*len(d.buf), d.maxBuf()))
		copy(nb, d.buf[:d.end])
		d.releaseBuf()
		d.buf = nb
	}
	for range maxEmptyReads {
		n, err := d.r.Read(d.buf[d.end:])
		d.count(n, len(d.buf)-d.end)
		d.end += n
		if err != nil {
			d.rerr = err
		}
		if n > 0 {
			return keep, nil
		}
		if err != nil {
			return keep, err
		}
	}
	d.rerr = io.ErrNoProgress
	return keep, d.rerr
}

// ensure makes at least n bytes available at pos.
func (d *Decoder) ensure(n int) error {
	for d.end-d.pos < n {
		if _, err := d.fill(d.pos); err != nil {
			return d.eof(err)
		}
	}
	return nil
}

// eof turns io.EOF inside markup into an error wrapping io.ErrUnexpectedEOF.
func (d *Decoder) eof(err error) error {
	if err == io.EOF {
		return fmt.Errorf("xmlstream: input ends inside markup at offset %d: %w", d.offset(), io.ErrUnexpectedEOF)
	}
	return err
}

// errorf returns an *Error of kind k at the current offset.
func (d *Decoder) errorf(k ErrorKind, format string, args ...any) error {
	return &Error{Kind: k, Offset: d.offset(), Msg: fmt.Sprintf(format, args...)}
}

func (d *Decoder) notWellFormed(format string, args ...any) error {
	return d.errorf(NotWellFormed, format, args...)
}

func (d *Decoder) restricted(format string, args ...any) error {
	return d.errorf(RestrictedXML, format, args...)
}

func (d *Decoder) policy(format string, args ...any) error {
	return d.errorf(PolicyViolation, format, args...)
}

// spaceTable marks XML white space (the S production).
var spaceTable = [256]bool{' ': true, '\n': true, '\t': true, '\r': true}

// isSpace reports whether c is XML white space.
func isSpace(c byte) bool { return spaceTable[c] }

// skipSpace consumes white space and reports whether there was any. It
// returns the reader's error (io.EOF included) if input ends.
func (d *Decoder) skipSpace() (bool, error) {
	saw := false
	for {
		for d.pos < d.end {
			if !isSpace(d.buf[d.pos]) {
				return saw, nil
			}
			d.pos++
			saw = true
		}
		if _, err := d.fill(d.pos); err != nil {
			return saw, err
		}
	}
}

// expect consumes byte c or fails as not-well-formed.
func (d *Decoder) expect(c byte, what string) error {
	if err := d.ensure(1); err != nil {
		return err
	}
	if d.buf[d.pos] != c {
		return d.notWellFormed("expected %s", what)
	}
	d.pos++
	return nil
}

// idleReadSize is the size of the buffer a Decoder reads into when nothing
// is buffered, kept in the Decoder itself: an idle stream's reader then
// waits holding this, not a read buffer, which goes back to a pool. It
// holds a typical stanza whole, so that most elements still need one read.
// It is what keeps the Decoder within the 2 KiB size class (512 bytes made
// it 2,136 bytes, which the allocator rounds up to 2,304).
const idleReadSize = 448

// bufPool holds read buffers of initialBufSize bytes, shared by Decoders:
// a Decoder holds one only while bytes are buffered, so idle streams cost
// no read buffer.
var bufPool = sync.Pool{New: func() any { return new([initialBufSize]byte) }}

// fillIdle is fill when no unread byte is buffered: it gives the read
// buffer back and waits for input in d.idle, which the bytes are then read
// from. Only input that goes on past them takes a read buffer (see
// fillBuf): an element that came whole in one read, as most stanzas do, is
// read without one, which saves taking it from the pool, copying the bytes
// into it and giving it back (twice per IQ round trip).
func (d *Decoder) fillIdle(keep int) (shift int, err error) {
	d.base += int64(keep)
	d.pos, d.end = 0, 0
	d.releaseBuf()
	for range maxEmptyReads {
		n, err := d.r.Read(d.idle[:])
		d.count(n, len(d.idle))
		if err != nil {
			d.rerr = err
		}
		if n > 0 {
			d.buf, d.end = d.idle[:], n
			return keep, nil
		}
		if err != nil {
			return keep, err
		}
	}
	d.rerr = io.ErrNoProgress
	return keep, d.rerr
}

// count adds a read of n bytes, into room for asked, to the burst. A read
// that returns less than it was given ends the burst: the peer had sent
// no more yet.
func (d *Decoder) count(n, asked int) {
	if n == 0 {
		return
	}
	if d.burstEnded {
		d.burst = 0
	}
	d.burst += n
	d.burstEnded = n < asked
}

// onIdle reports whether the unread bytes are in the idle buffer.
func (d *Decoder) onIdle() bool {
	return len(d.buf) == idleReadSize && &d.buf[0] == &d.idle[0]
}

// releaseBuf drops the read buffer, to the pool if it came from there; a
// buffer grown for a long token goes to the collector.
func (d *Decoder) releaseBuf() {
	if d.pooled != nil {
		bufPool.Put(d.pooled)
		d.pooled = nil
	}
	d.buf = nil
}
