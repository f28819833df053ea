package xmpp

import (
	"context"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// pipeliner is a stream feature of the initiating side that can send its
// first element right behind the stream header, before the peer's
// features arrive (the pipelining of XEP-0305), because it remembers what
// this peer offered before. [SASL2] with a FAST token does, which makes a
// reconnection one round trip after TLS.
//
// The receiving side needs nothing for it: it reads the header, writes
// its features and then reads what follows, which is there already.
type pipeliner interface {
	StreamFeature
	// pipeline returns the element to send with the stream header, or
	// nil to wait for the features as usual. It may keep state for its
	// Negotiate in n.pipelined. Negotiate is then called first in the
	// round, with the feature's offer or nil when the peer did not offer
	// it, and must check that the offer is what it predicted.
	pipeline(ctx context.Context, n *Negotiation) (xmlstream.Marshaler, error)
}

// pipeline asks the first configured feature that could run first in a
// new stream whether it sends its first element with the header. It
// returns the feature's index (-1 for none) and the element. Only byte
// streams pipeline (the header and the element leave in one write), and
// only over TLS (direct, or after STARTTLS): the element carries
// credentials, and TLS reads whole records, so the peer takes the write in
// at once while it answers. Over an unbuffered transport that the
// configuration merely declares secure (net.Pipe), a peer that reads the
// header alone and then writes its features would wait for this side,
// still writing, for ever.
func (s *Session) pipeline(ctx context.Context, n *Negotiation, features []StreamFeature) (int, xmlstream.Marshaler, error) {
	if s.fr != nil || !s.state.Has(Secure) || s.tlsState() == nil {
		return -1, nil, nil
	}
	for i, f := range features {
		needs, excludes, _ := f.States()
		if !s.applies(f) || !s.state.Has(needs) || s.state&excludes != 0 {
			continue
		}
		p, ok := f.(pipeliner)
		if !ok {
			// The first feature that may run is not a pipeliner: it
			// (or the peer's offer) decides what comes first.
			return -1, nil, nil
		}
		first, err := p.pipeline(ctx, n)
		if err != nil || first == nil {
			n.pipelined = nil
			return -1, nil, err
		}
		return i, first, nil
	}
	return -1, nil, nil
}

// openStreamWith writes the stream header and, if first is not nil, the
// pipelined element after it, in one write.
func (s *Session) openStreamWith(ctx context.Context, h stream.Header, first xmlstream.Marshaler) error {
	if first == nil {
		return s.openStream(ctx, h)
	}
	s.out = h
	return s.writeRawNow(ctx, func(w *xmlstream.Writer) error {
		if err := s.writeOpen(w, h); err != nil {
			return err
		}
		return first.WriteXML(w.Encoder())
	})
}
