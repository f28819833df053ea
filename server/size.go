package server

import (
	"context"
	"errors"
	"math"
	"sync"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// The server re-encodes what it routes, with a 'from' it vouches for.
// Re-encoding can make a stanza larger than what its sender wrote (a
// namespace prefix declared once becomes a default namespace declared on
// every child; CDATA content becomes escaped text), and a client refuses,
// ending its own stream, an element beyond its limit. So each stanza is
// measured as the server would write it before it is routed, and one that
// would not fit is refused to its sender instead (issue 17, item 5).

// clientMaxElementBytes is the largest element a client accepts by
// default (xmlstream.Limits.MaxElementBytes): the server writes nothing a
// client with default settings must refuse.
var clientMaxElementBytes = xmlstream.DefaultLimits().MaxElementBytes

// stanzaHeadroom is kept free under that limit for what routing may still
// change after the measure: 'to' replaced by a full JID (at most 3071
// bytes), an IQ given a new id, the content namespace RFC 7395 framing
// declares on every top-level element.
const stanzaHeadroom = 4 << 10

// errTooLarge stops a measure as soon as the limit is passed.
var errTooLarge = errors.New("server: stanza too large")

// sizeCounter counts bytes written to it, failing past max.
type sizeCounter struct{ n, max int }

func (c *sizeCounter) Write(p []byte) (int, error) {
	c.n += len(p)
	if c.n > c.max {
		return 0, errTooLarge
	}
	return len(p), nil
}

// measure is a Writer and its counter, reused across measures.
type measure struct {
	w *xmlstream.Writer
	c sizeCounter
}

var measures = sync.Pool{New: func() any {
	m := new(measure)
	m.w = xmlstream.NewWriter(&m.c)
	return m
}}

// fitsClients reports whether m, written into a client stream (default
// namespace jabber:client), takes at most max bytes. It stops writing as
// soon as the answer is no.
func fitsClients[M xmlstream.Marshaler](m M, max int) bool {
	ms := measures.Get().(*measure)
	defer measures.Put(ms)
	ms.c = sizeCounter{max: max}
	ms.w.Reset(&ms.c)
	ms.w.SetDefaultNS(stanza.NSClient)
	err := m.WriteXML(ms.w.Encoder())
	if err == nil {
		err = ms.w.Flush()
	}
	ms.w.Reset(nil) // let go of m's data
	return err == nil
}

// checkSize refuses a stanza that, stamped with its sender's address, would
// not fit in a client's limit, before anything of it is routed. It returns
// false when the stanza was refused, with the error the handler returns
// (for an IQ request the session answers with it; a message or presence
// gets its error reply here; a response is dropped: RFC 6120 §8.2.3 forbids
// answering it).
func (s *Server) checkSize(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) (bool, error) {
	max := clientMaxElementBytes - stanzaHeadroom
	if stampedBound(st.Element.Size(), len(st.Header.From.String())) <= max ||
		fitsClients(stamped{el: st.Element, from: st.Header.From}, max) {
		return true, nil
	}
	s.guard.oversize.Add(1)
	s.log.Warn("server: stanza refused: too large for its recipients", "from", st.Header.From.String(),
		"to", st.Header.To.String(), "kind", st.Element.Name().Local)
	if st.Header.Kind == stanza.KindIQ {
		if stanza.IQType(st.Header.Type).IsRequest() {
			return false, stanza.NewError(stanza.PolicyViolation)
		}
		return false, nil
	}
	s.replyError(ctx, sess, st, st.Header.To, stanza.PolicyViolation)
	return false, nil
}

// stampedBound is the most bytes a received element of size wire bytes
// can take once stamped with a 'from' of from bytes and re-encoded, so
// that a small stanza (most chat messages: up to about 590 bytes) is
// known to fit without being encoded to be measured. Re-encoding writes
// each character of text and attribute values as at most 6 bytes ("&quot;"
// for '"'), and each name at most twice (an end tag for "<a/>"). Beyond
// that, each element and attribute name, of which there are at most
// size/2 (each took 2 bytes or more), may get a namespace declaration (the
// namespace escaped, at most 6*size, and markup) and a prefix in its start
// and end tags: 64 bytes is more than that markup takes. The 'from'
// attribute adds its escaped value and its markup. Past 64 KiB the bound
// is not computed (it could overflow, and is far above any limit): such an
// element is measured.
func stampedBound(size, from int) int {
	if size > 64<<10 || from > 64<<10 {
		return math.MaxInt
	}
	return 6*size + (size/2+1)*(6*size+64) + 6*from + 16
}
