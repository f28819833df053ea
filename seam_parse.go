package xmpp

import (
	"io"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// parser reads back an element this side encoded, for [Outgoing.Element].
// It is created on first use: Senders that never look inside elements cost
// no decoder.
type parser struct {
	dec *xmlstream.Decoder
	src frameReader
}

// parse decodes raw, one top-level element as the session wrote it, into
// el. The element is read inside a stream element declaring the session's
// content namespace and the stream prefix, as the peer will read it.
func (sm *seam) parse(raw []byte, el *xmlstream.Element) error {
	p := &sm.parser
	lim := xmlstream.Limits{MaxElementBytes: max(2*len(raw), xmlstream.DefaultLimits().MaxElementBytes)}
	if p.dec == nil {
		p.dec = xmlstream.NewDecoder(nil, lim)
	}
	p.dec.SetLimits(lim)
	p.src = frameReader{parts: [3]string{`<stream:stream xmlns:stream='` + stream.NS + `' xmlns='`, sm.s.out.NS, `'>`}, raw: raw}
	p.dec.Reset(&p.src)
	if _, err := p.dec.ReadStart(); err != nil {
		return err
	}
	return p.dec.ReadElement(el)
}

// frameReader yields a stream header in parts, then one element's bytes.
type frameReader struct {
	parts [3]string
	raw   []byte
	i     int // parts consumed
}

func (r *frameReader) Read(p []byte) (int, error) {
	for r.i < len(r.parts) && r.parts[r.i] == "" {
		r.i++
	}
	if r.i < len(r.parts) {
		n := copy(p, r.parts[r.i])
		r.parts[r.i] = r.parts[r.i][n:]
		return n, nil
	}
	if len(r.raw) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.raw)
	r.raw = r.raw[n:]
	return n, nil
}
