package oob

import (
	"context"
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// QueryName is the <query/> of the IQ request.
var QueryName = xml.Name{Space: IQNS, Local: "query"}

// errNotQuery refuses an element that is not <query xmlns='jabber:iq:oob'/>.
var errNotQuery = errors.New("oob: not a <query xmlns='jabber:iq:oob'/>")

// Query asks an entity to fetch a file (§3).
type Query struct {
	URL  string // an absolute URI
	Desc string // a description for people; "" for none
	// SID is the stream id negotiated by XEP-0095 stream initiation when
	// the request is its jabber:iq:oob option (§6); "" otherwise.
	SID string
}

// WriteXML writes q, refusing an invalid URL with [ErrInvalidURL].
func (q Query) WriteXML(e xmlstream.Encoder) error {
	if err := checkURL(q.URL); err != nil {
		return err
	}
	var a [1]xml.Attr
	attr := a[:0]
	if q.SID != "" {
		attr = append(attr, xml.Attr{Name: xml.Name{Local: "sid"}, Value: q.SID})
	}
	return e.Element(QueryName, attr, func(e xmlstream.Encoder) error { return writeURL(e, IQNS, q.URL, q.Desc) })
}

// ParseQuery reads a <query xmlns='jabber:iq:oob'/>.
func ParseQuery(el *xmlstream.Element) (Query, error) {
	if el.Name() != QueryName {
		return Query{}, errNotQuery
	}
	u, desc, err := readURL(el, IQNS)
	return Query{URL: u, Desc: desc, SID: el.Attr("sid")}, err
}

// Send asks to to fetch q.URL and waits for its answer, which by §3 comes
// only once it has the whole file: nil for the result, else the
// *[stanza.Error] (item-not-found: it could not fetch it; not-acceptable:
// it refused).
func Send(ctx context.Context, s *xmpp.Session, to jid.JID, q Query) error {
	if err := checkURL(q.URL); err != nil {
		return err
	}
	_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ, To: to}, q)
	return err
}

// Handler answers jabber:iq:oob requests by calling Fetch where Handle
// routes it, or disco lists it.
type Handler struct {
	// Fetch retrieves the file of q for the requester from (the request's
	// 'from', or the stream's peer without one) and returns once it has
	// all of it, or an error: a stanza.Error is sent as is
	// (not-acceptable to refuse); any other error answers item-not-found,
	// the §3 answer for a file that could not be fetched. Nil refuses
	// every request with not-acceptable.
	Fetch func(ctx context.Context, from jid.JID, q Query) error
}

// Handle returns the mux route for IQ set <query xmlns='jabber:iq:oob'/>.
func (h Handler) Handle() mux.Option { return mux.Set(QueryName, mux.IQResponderFunc(h.respond)) }

// DiscoFeatures returns the feature §5 says to advertise.
func (Handler) DiscoFeatures() []string { return []string{IQNS} }

func (h Handler) respond(ctx context.Context, s *xmpp.Session, req *xmpp.Stanza) (xmlstream.Marshaler, error) {
	if h.Fetch == nil {
		return nil, stanza.NewError(stanza.NotAcceptable)
	}
	el, _ := req.Element.Child(IQNS, "query")
	q, err := ParseQuery(el)
	if err != nil {
		return nil, stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: err.Error()}
	}
	from := req.Header.From
	if from.IsZero() {
		from = s.RemoteAddr()
	}
	if err := h.Fetch(ctx, from, q); err != nil {
		if se := (stanza.Error{}); errors.As(err, &se) {
			return nil, err
		}
		return nil, stanza.NewError(stanza.ItemNotFound)
	}
	return nil, nil
}
