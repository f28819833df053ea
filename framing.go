package xmpp

import (
	"io"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// An ElementTransport is a transport that frames the stream itself: it
// carries each top-level element as one unit of its own, instead of the one
// XML document of a TCP stream. XMPP over WebSocket (RFC 7395, package
// websocket) is one: every WebSocket message holds exactly one element, and
// streams open and close with <open/> and <close/>. A session detects an
// ElementTransport on the transport it is given, as it detects TLS, and then:
//
//   - writes every top-level element to WriteElement whole: the session
//     knows where each one ends, so the transport never parses what it
//     sends;
//   - reads the peer's elements from ReadElement, and ends the stream with
//     not-well-formed if a unit holds part of an element or more than one
//     (whitespace around the element is allowed);
//   - opens and closes streams with the transport's own elements
//     (WriteOpen, ParseOpen, WriteClose, ParseClose), writes every
//     top-level element with its content namespace declared (no stream
//     header declares it), and writes <stream:features/> declaring its
//     prefix;
//   - never negotiates STARTTLS: the transport's security is its own
//     (wss://, https://), established before the stream starts.
//
// The session calls ReadElement from one goroutine and WriteElement from one
// goroutine at a time (not necessarily the same one each time); the other
// methods are called during negotiation.
type ElementTransport interface {
	// ReadElement returns the next unit the peer sent, which should hold
	// one complete top-level element. The bytes are valid until the next
	// call. At the end of the connection it returns io.EOF.
	ReadElement() ([]byte, error)
	// WriteElement sends p, one complete top-level element, as one unit.
	// It must not retain p.
	WriteElement(p []byte) error

	// WriteOpen writes the element that opens a stream with header h
	// (RFC 7395: <open/>).
	WriteOpen(e xmlstream.Encoder, h stream.Header) error
	// ParseOpen parses the peer's stream open. The header's NS may be
	// empty: the session fills in its content namespace.
	ParseOpen(el *xmlstream.Element) (stream.Header, error)
	// WriteClose writes the element that closes this side's stream
	// (RFC 7395: <close/>).
	WriteClose(e xmlstream.Encoder) error
	// ParseClose reports whether el closes the peer's stream. A non-nil
	// error becomes the session's error (for example a [SeeOtherURIError]
	// for a redirecting close).
	ParseClose(el *xmlstream.Element) (closed bool, err error)
}

// SeeOtherURIError ends a WebSocket session whose server closed it with a
// see-other-uri (RFC 7395 §3.6.1): the client should connect there instead.
type SeeOtherURIError struct{ URI string }

func (e *SeeOtherURIError) Error() string { return "xmpp: server redirects to " + e.URI }

// errFraming is the stream error for a unit of an ElementTransport that does
// not hold exactly one element. RFC 7395 §3.3 parses each message on its
// own; one holding part of an element or two of them is not well-formed.
var (
	errSplitElement = stream.NotWellFormed.WithText("an element continues past the end of its transport unit")
	errTwoElements  = stream.NotWellFormed.WithText("a transport unit holds more than one element")
)

// framing is a session's state for an ElementTransport.
type framing struct {
	t     ElementTransport
	r     elementReader // feeds t's units to the session's decoder
	stage elementStage  // the writer's destination: one element at a time
	sink  elementSink   // sends whole elements to t
	// ends and spareEnds are the outbox's record of where each element it
	// holds ends (guarded by the outbox's lock).
	ends, spareEnds []int
}

func newFraming(t ElementTransport, rawIn, rawOut io.Writer) *framing {
	return &framing{t: t, r: elementReader{t: t, raw: rawIn}, sink: elementSink{t: t, raw: rawOut}}
}

// elementReader feeds an ElementTransport's units to the session's decoder
// one at a time, and remembers where the current unit began in the
// decoder's input, so that readElement can check that it held exactly one
// element without parsing anything twice.
type elementReader struct {
	t   ElementTransport
	raw io.Writer // RawLog, or nil

	unit    []byte // the current unit
	off     int    // bytes of unit handed to the decoder
	start   int64  // the decoder's input offset where unit begins
	handed  int64  // bytes handed to the decoder in all
	fetched bool   // a unit with content was fetched during this readElement
}

// Read hands the decoder the rest of the current unit, fetching the next
// when it is used up. The decoder asks for more only when the element it is
// reading is incomplete, or between elements; so a second unit with content
// fetched during one readElement means the element is split across units.
func (r *elementReader) Read(p []byte) (int, error) {
	for r.off == len(r.unit) {
		u, err := r.t.ReadElement()
		if err != nil {
			return 0, err
		}
		if r.raw != nil {
			_, _ = r.raw.Write(u)
		}
		if !blank(u) {
			if r.fetched {
				return 0, errSplitElement
			}
			r.fetched = true
		}
		r.unit, r.off, r.start = u, 0, r.handed
	}
	n := copy(p, r.unit[r.off:])
	r.off += n
	r.handed += int64(n)
	return n, nil
}

// readElement reads one element through dec and checks that nothing but
// whitespace follows it in its unit.
func (r *elementReader) readElement(dec *xmlstream.Decoder, el *xmlstream.Element) error {
	r.fetched = false
	if err := dec.ReadElement(el); err != nil {
		return err
	}
	used := dec.InputOffset() - r.start
	if used < 0 || used > int64(len(r.unit)) || !blank(r.unit[used:]) {
		return errTwoElements
	}
	return nil
}

func blank(p []byte) bool {
	for _, b := range p {
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			return false
		}
	}
	return true
}

// elementStage collects what the session's writer flushes while it writes
// one element for an ElementTransport; endElement sends it on whole.
type elementStage struct{ buf []byte }

func (st *elementStage) Write(p []byte) (int, error) {
	st.buf = append(st.buf, p...)
	return len(p), nil
}

// maxKeptStage is the largest staging buffer kept between elements.
const maxKeptStage = 64 << 10

// elementSink sends whole elements to an ElementTransport, copying them to
// the raw log if there is one.
type elementSink struct {
	t   ElementTransport
	raw io.Writer
}

func (k elementSink) send(p []byte) error {
	if err := k.t.WriteElement(p); err != nil {
		return err
	}
	if k.raw != nil {
		_, _ = k.raw.Write(p)
	}
	return nil
}

// readElement reads the next top-level element, from an ElementTransport
// unit by unit or from the byte stream.
func (s *Session) readElement(el *xmlstream.Element) error {
	if s.fr != nil {
		return s.fr.r.readElement(s.dec, el)
	}
	return s.dec.ReadElement(el)
}

// endElement marks the end of a top-level element the writer has just
// written. On an ElementTransport the element goes out as one unit (through
// the outbox once the session runs); on a byte stream there is nothing to do.
func (s *Session) endElement() error {
	if s.fr == nil {
		return nil
	}
	if err := s.w.Flush(); err != nil { // into the stage
		return err
	}
	p := s.fr.stage.buf
	if len(p) == 0 {
		return nil
	}
	s.fr.stage.buf = p[:0]
	if cap(p) > maxKeptStage {
		s.fr.stage.buf = nil
	}
	if s.box != nil {
		return s.box.writeElement(p)
	}
	return s.fr.sink.send(p)
}

// writeOpen writes this side's stream open: the stream header on a byte
// stream, the transport's element (with every top-level element declaring
// the content namespace from then on) on an ElementTransport.
func (s *Session) writeOpen(w *xmlstream.Writer, h stream.Header) error {
	if s.fr == nil {
		return h.WriteStart(w)
	}
	w.SetContentNS(h.NS)
	if err := s.fr.t.WriteOpen(w.Encoder(), h); err != nil {
		return err
	}
	return s.endElement()
}

// readOpen reads the peer's stream open: the stream header, or the
// transport's open element.
func (s *Session) readOpen() (stream.Header, error) {
	if s.fr == nil {
		// The addresses of a restarted stream's header are those of the
		// previous one, and the first's are mostly this side's and the
		// peer's: taken as they are, they need not be parsed again.
		return stream.ReadHeaderKnowing(s.dec, s.in.From, s.in.To, s.local.Bare(), s.remote)
	}
	el := s.negElement()
	if err := s.readElement(el); err != nil {
		return stream.Header{}, err
	}
	if closed, err := s.fr.t.ParseClose(el); closed {
		// RFC 7395 §3.6: <close/> is answered with <close/>.
		s.answerClose()
		if err != nil {
			return stream.Header{}, err
		}
		return stream.Header{}, errPeerClosed
	}
	h, err := s.fr.t.ParseOpen(el)
	if err == nil && h.NS == "" {
		h.NS = s.ns // the open element carries no content namespace
	}
	return h, err
}

// writeCloseTag writes the end of this side's stream: the closing tag, or
// the transport's close element.
func (s *Session) writeCloseTag() error {
	if s.fr == nil {
		return s.w.WriteRaw([]byte(stream.CloseTag))
	}
	if err := s.fr.t.WriteClose(s.w.Encoder()); err != nil {
		return err
	}
	return s.endElement()
}

// featuresStartFramed is <stream:features/>'s start tag on an
// ElementTransport, where no stream header binds the prefix: written with
// the prefix all the same, for clients that look for it (RFC 7395 §3.3.2
// examples).
const featuresStartFramed = `<stream:features xmlns:stream="` + stream.NS + `">`

func (s *Session) startFeatures(w *xmlstream.Writer) error {
	if s.fr != nil {
		return w.WriteRaw([]byte(featuresStartFramed))
	}
	// The header bound the stream: prefix.
	return w.WriteRaw([]byte("<stream:features>"))
}

func (s *Session) endFeatures(w *xmlstream.Writer) error {
	if err := w.WriteRaw([]byte("</stream:features>")); err != nil {
		return err
	}
	return s.endElement()
}

// applies reports whether feature f can be negotiated on this transport.
func (s *Session) applies(f StreamFeature) bool {
	return s.fr == nil || f.Name() != startTLSName
}

// writerOutput is where the writer's bytes go once the session runs: the
// outbox on a byte stream, the element stage on an ElementTransport.
func (s *Session) writerOutput() io.Writer {
	if s.fr != nil {
		return &s.fr.stage
	}
	return s.box
}

// writeEncoded writes one top-level element already encoded (by the stream
// seam), as one unit on an ElementTransport. On a byte stream an error
// sticks in the writer and ends the session at the flush; an element the
// transport refuses ends it at once, as in write.
func (s *Session) writeEncoded(raw []byte) {
	if s.w.WriteRaw(raw) != nil {
		return
	}
	if err := s.endElement(); err != nil {
		s.fail(err)
	}
}
