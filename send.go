package xmpp

import (
	"context"
	"errors"
	"io"

	"github.com/canto-im/xmpp/xmlstream"
)

// Send writes m, one or more whole elements, to the stream. It is the one
// way to send: every [xmlstream.Element] is a Marshaler, the stanza headers
// become one with Wrap, and small elements are built with
// [xmlstream.TextElement] and its kin. A Go value with encoding/xml struct
// tags goes through [xmlstream.Struct], the slow path:
//
//	s.Send(ctx, xmlstream.Struct(v))
//
// If m fails before writing anything the stream stays usable; if it fails
// halfway, after part of the element has left, the session ends. An
// element that an attached extension took over (stream management keeps
// every stanza until the peer acknowledges it) is not reported failed
// when the transport fails after that: the extension writes it again on a
// resumed stream or reports it as not delivered (see [Outgoing.Copy]).
func (s *Session) Send(ctx context.Context, m xmlstream.Marshaler) error {
	return s.writeFrom(ctx, m, m.WriteXML)
}

// errBrokenWrite marks an encoding that failed after writing part of an
// element: the stream can no longer be trusted.
var errBrokenWrite = errors.New("xmpp: element only partly written")

// write runs enc under the write lock. If enc fails before writing anything
// the stream stays usable; if it fails halfway the session ends, since the
// peer would otherwise see a broken element.
func (s *Session) write(ctx context.Context, enc func(xmlstream.Encoder) error) error {
	return s.writeFrom(ctx, nil, enc)
}

// writeFrom is write for an element written by src, the Marshaler given to
// Send (nil for the session's own elements), which the Senders may look at
// (see [Outgoing.Source]).
func (s *Session) writeFrom(ctx context.Context, src xmlstream.Marshaler, enc func(xmlstream.Encoder) error) error {
	if s.maxOut > 0 {
		if err := s.checkPeerLimit(enc); err != nil {
			return err
		}
	}
	// lockWrite, whose call cost more than its usual case: the lock free.
	if !s.wl.tryLock() {
		if err := s.waitWrite(ctx); err != nil {
			return err
		}
	}
	if s.outClosed || s.closed.Load() {
		s.wl.unlock()
		return ErrClosed
	}
	if s.box != nil && s.box.full() {
		// Wait for room here, where ctx can end the wait, rather than in
		// the flush.
		s.yieldReader() // the peer may be waiting for this side to read
		if err := s.box.waitRoom(ctx); err != nil {
			s.unlockUnwritten()
			return err
		}
	}
	if s.seam != nil && s.seam.send != nil {
		return s.writeSeam(src, enc)
	}
	mark := s.w.Mark()
	err := enc(s.w.Encoder())
	if err != nil && (s.w.Depth() != 0 || s.w.Buffered() != mark.Len()) {
		if !s.w.Rollback(mark) {
			s.outClosed = true
			s.wl.unlock()
			s.fail(errBrokenWrite)
			return err
		}
	}
	if err == nil && s.fr != nil {
		// The element goes to the outbox whole; failing here is the
		// transport's failure, as a failed flush is on a byte stream.
		if err = s.endElement(); err != nil {
			s.wl.unlock()
			s.fail(err)
			return err
		}
	}
	if ferr := s.unlockWrite(); err == nil {
		err = ferr
	}
	return err
}

// writeNow writes and flushes at once (negotiation, replies that must not wait).
func (s *Session) writeNow(ctx context.Context, enc func(xmlstream.Encoder) error) error {
	return s.writeRawNow(ctx, func(w *xmlstream.Writer) error { return enc(w.Encoder()) })
}

// writeRawNow is writeNow with the whole writer, for the session's own
// framing (stream headers, the features wrapper, the closing tag).
func (s *Session) writeRawNow(ctx context.Context, enc func(*xmlstream.Writer) error) error {
	if err := s.lockWrite(ctx); err != nil {
		return err
	}
	defer s.wl.unlock()
	if err := enc(s.w); err != nil {
		return err
	}
	if err := s.endElement(); err != nil {
		return err
	}
	return s.w.Flush()
}

// lockWrite acquires the write lock unless ctx ends first. A ctx that has
// ended already fails at once if the lock is held: it neither counts as a
// waiter (the holder would leave its flush to it) nor moves reading.
func (s *Session) lockWrite(ctx context.Context) error {
	if s.wl.tryLock() {
		return nil
	}
	return s.waitWrite(ctx)
}

// waitWrite is lockWrite once the lock was found held.
func (s *Session) waitWrite(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.wl.waiters.Add(1)
	s.yieldReader() // the holder may be waiting for the peer
	if s.wl.wait(ctx.Done(), s.stop.ch()) {
		return nil
	}
	if err := ctx.Err(); err != nil {
		s.gaveUpWaiting()
		return err
	}
	return ErrClosed
}

// gaveUpWaiting follows a writer that gave up waiting. The last holder of
// the lock may have skipped its flush because this writer was waiting, so
// if the lock is free now, flush on its behalf; if it is held, its holder
// sees one waiter fewer and flushes itself.
func (s *Session) gaveUpWaiting() {
	if s.wl.tryLock() {
		_ = s.unlockWrite()
	}
}

// unlockUnwritten lets go of the write lock after a writer, handed it,
// gave up without writing: its context ended, or (flushAnswers) the read
// loop's wait, while it waited for room in the outbox. The holder before
// it may have left its flush to it (see unlockWrite), or, if a waiter gave
// up meanwhile, the flush gaveUpWaiting would have made on that waiter's
// behalf: what the holder wrote is flushed rather than left in the buffer
// until some later write. Pending answers are not written (unlockWrite
// would): they stay for the next holder or read rather than go into the
// full outbox.
func (s *Session) unlockUnwritten() {
	if s.w.Buffered() == 0 {
		s.wl.unlock()
		return
	}
	err := s.w.Flush()
	s.wl.unlock()
	if err != nil {
		s.fail(err)
		return
	}
	s.box.kick()
}

// unlockWrite flushes unless another writer is waiting (it will flush, so
// bursts share one transport write), then releases the lock.
func (s *Session) unlockWrite() error {
	s.writes.Add(1)
	if s.ans.n.Load() != 0 && !s.outClosed && !s.closed.Load() {
		s.writeAnswers()
	}
	var err error
	flushed := s.wl.waiters.Load() == 0
	iq := s.sendingIQ || s.ans.through
	s.sendingIQ, s.ans.through = false, false
	// Through: the case of kickThrough below, when the Writer writes to
	// the outbox. Its bytes then go to the transport from the Writer's
	// buffer (see writeThrough).
	through := flushed && s.box != nil && s.iqWaits.Load() == 0 &&
		(iq || s.inline.Load() != 0 && s.replyThrough.Load()) && s.w.Output() == io.Writer(s.box)
	switch {
	case through:
		err = s.w.FlushVia(s.box.writeThrough)
	case flushed:
		err = s.w.Flush()
	}
	s.wl.unlock()
	if !flushed && s.wl.waiters.Load() == 0 && s.wl.tryLock() {
		// The writer this left the flush to gave up waiting after the
		// look above and found the lock still held (gaveUpWaiting):
		// flush on its behalf.
		return s.unlockWrite()
	}
	if flushed && !through && err == nil && s.box != nil {
		// The writer goroutine sends it; writing here instead measured far
		// slower (310k against 797k msgs/s over net.Pipe), since senders
		// then wait for the transport and bursts are not gathered. Two
		// writes that nothing else would join go through to the transport
		// from here when that cannot wait on it (see kickThrough): a lone
		// SendIQ caller's request, and a reply sent while a handler runs
		// on the read loop for the last stanza read so far (the reply to
		// an IQ request, usually). Over TCP that saves waking a writer
		// goroutine twice per round trip.
		switch {
		case s.iqWaits.Load() > 0:
			s.box.kickGathering() // other callers are about to send
		case iq, s.inline.Load() != 0 && s.replyThrough.Load():
			s.box.kickThrough()
		default:
			s.box.kick()
		}
	}
	if err != nil {
		s.fail(err)
	} else if s.ans.n.Load() != 0 {
		// An answer given while this held the lock, after it wrote
		// the pending ones: its giver found the lock taken.
		s.flushAnswers(false)
	}
	return err
}
