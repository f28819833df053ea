package xmpp

import "github.com/canto-im/xmpp/xmlstream"

// A Finisher is an attached value that has a last word before this side
// closes its stream gracefully.
type Finisher interface {
	// Finishing is called when [Session.Close] is about to write this
	// side's closing tag, with the session's write lock held, so after
	// everything sent earlier: what it returns, if not nil, is written
	// right before the tag, and the Senders do not see it. Stream
	// management (XEP-0198 §4) returns its <a h/> there, so that the peer
	// does not take what this side handled as undelivered. Finishing must
	// not block or call the session's send methods. It is not called when
	// the stream ends otherwise (a stream error, a broken transport).
	Finishing(s *Session) xmlstream.Marshaler
}

// writeFinal writes what the attached Finishers have to say before the
// closing tag, under the write lock. An element that fails to encode is
// left out if it can be taken back; else the stream is broken.
func (s *Session) writeFinal() error {
	for _, e := range s.exts {
		f, ok := e.val.(Finisher)
		if !ok {
			continue
		}
		m := f.Finishing(s)
		if m == nil {
			continue
		}
		mark := s.w.Mark()
		if err := m.WriteXML(s.w.Encoder()); err != nil {
			if s.w.Depth() != 0 || s.w.Buffered() != mark.Len() {
				if !s.w.Rollback(mark) {
					return errBrokenWrite
				}
			}
			continue
		}
		if err := s.endElement(); err != nil {
			return err
		}
	}
	return nil
}
