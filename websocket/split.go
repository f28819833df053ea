package websocket

// splitter cuts the XML a session writes into complete top-level elements,
// one per WebSocket message (RFC 7395 §3.3.3). It relies on the writer's
// output being well formed and escaped (it is the session's own
// xmlstream.Writer): '<' only starts markup, and quotes delimit attribute
// values inside tags. Whitespace between elements is dropped.
type splitter struct {
	buf   []byte // bytes of the element being collected
	depth int    // open elements
	inTag bool   // between '<' and '>'
	n     int    // bytes seen inside the current tag
	quote byte   // the quote of the attribute value we are in, or 0
	end   bool   // the tag is an end tag
	slash bool   // the last byte inside the tag was '/'
}

// feed consumes p and returns the elements it completed. The returned slices
// are only valid until the next call.
func (s *splitter) feed(p []byte) [][]byte {
	var out [][]byte
	start := 0
	if len(s.buf) > 0 {
		start = -1 // the element began in an earlier call
	}
	for i, b := range p {
		if !s.inTag && s.depth == 0 && len(s.buf) == 0 && start == i && isSpace(b) {
			start = i + 1
			continue
		}
		complete := s.step(b)
		if complete {
			var msg []byte
			if start < 0 {
				msg = append(s.buf, p[:i+1]...)
				s.buf = nil
			} else {
				msg = p[start : i+1]
			}
			out = append(out, msg)
			start = i + 1
		}
	}
	switch {
	case start < 0:
		s.buf = append(s.buf, p...)
	case start < len(p):
		s.buf = append(s.buf[:0], p[start:]...)
	}
	return out
}

// step advances over one byte and reports whether it ended a top-level element.
func (s *splitter) step(b byte) bool {
	if !s.inTag {
		if b == '<' {
			s.inTag, s.n, s.end, s.slash = true, 0, false, false
		}
		return false
	}
	s.n++
	if s.quote != 0 {
		if b == s.quote {
			s.quote = 0
		}
		return false
	}
	switch b {
	case '"', '\'':
		s.quote = b
	case '/':
		if s.n == 1 {
			s.end = true
		} else {
			s.slash = true
			return false
		}
	case '>':
		s.inTag = false
		switch {
		case s.end:
			s.depth--
		case s.slash:
			// self-closing: depth unchanged
		default:
			s.depth++
		}
		return s.depth == 0
	}
	s.slash = false
	return false
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }
