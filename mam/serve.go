package mam

import (
	"bytes"
	"encoding/xml"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Names of the elements of the archive side besides the query's.
var (
	MetadataName = xml.Name{Space: NS, Local: "metadata"}
	flipPageName = xml.Name{Space: NS, Local: "flip-page"}
)

// NSExtended is the feature of archives that support the before-id,
// after-id and ids fields, flipped pages and metadata (§4.1.3, §7.1).
const NSExtended = NS + "#extended"

// DefaultMaxPage is the largest page a [Service] sends unless configured
// otherwise: a query asking for more, or for no maximum, gets this many.
const DefaultMaxPage = 100

// Service is the archive side of XEP-0313 for the users of a server: it
// decides what to archive by the owners' preferences and answers their
// queries, over an [Archive]. It is safe for concurrent use.
type Service struct {
	archive Archive
	maxPage int
	def     string
}

// ServiceOptions configure a [Service].
type ServiceOptions struct {
	// MaxPage is the largest page sent (zero: DefaultMaxPage).
	MaxPage int
	// Default is the archiving default for owners who set none:
	// ArchiveAlways (when empty), ArchiveRoster or ArchiveNever.
	Default string
}

// NewService returns a service over archive.
func NewService(archive Archive, opts ServiceOptions) *Service {
	if opts.MaxPage <= 0 {
		opts.MaxPage = DefaultMaxPage
	}
	if opts.Default == "" {
		opts.Default = ArchiveAlways
	}
	return &Service{archive: archive, maxPage: opts.MaxPage, def: opts.Default}
}

// Features are the disco#info features of an account's archive.
func (*Service) Features() []string { return []string{NS, NSExtended} }

// Archivable reports whether a message is one a user archive keeps (§6.1
// "User Archives"): of type chat or normal, with a body.
func Archivable(typ stanza.MessageType, msg *xmlstream.Element) bool {
	if typ != stanza.ChatMessage && typ != stanza.NormalMessage && typ != "" {
		return false
	}
	space := msg.Name().Space
	// The body comes first in most messages: its name alone tells,
	// without a search of the children.
	if first, ok := msg.FirstChild(); ok && first.Local == "body" && first.Space == space {
		return true
	}
	_, ok := msg.Child(space, "body")
	return ok
}

// Record archives raw (a message the server accepted for delivery, as
// delivered, from [Encode]) in owner's archive under id, if owner's
// preferences keep messages with with; inRoster says whether with is in
// owner's roster. when is kept to the microsecond, the precision results
// carry it in (XEP-0082), so that a query's start and end taken from
// results select what they stamp. It reports whether the message was
// archived.
func (sv *Service) Record(owner, with jid.JID, inRoster bool, id string, when time.Time, raw []byte) (bool, error) {
	prefs, err := sv.archive.Prefs(owner)
	if err != nil {
		return false, err
	}
	if !prefs.Archives(with, inRoster, sv.def) {
		return false, nil
	}
	when = toMicro(when)
	return true, sv.archive.Append(owner, Stored{ID: id, Time: when, With: with, Raw: raw})
}

// encoders are reused by Encode: a buffer and a Writer onto it, so that
// archiving a message costs the copy it keeps and no more.
var encoders = sync.Pool{New: func() any {
	e := new(encoder)
	e.w = xmlstream.NewWriter(&e.buf)
	return e
}}

type encoder struct {
	buf bytes.Buffer
	w   *xmlstream.Writer
}

// Encode writes m, a message, the way an archive stores it ([Stored.Raw]):
// with its namespace declared, in a slice of its own.
func Encode(m xmlstream.Marshaler) ([]byte, error) {
	e := encoders.Get().(*encoder)
	defer encoders.Put(e)
	e.buf.Reset()
	e.w.Reset(&e.buf)
	// Outside a stream, a stanza that takes the stream's content
	// namespace declares jabber:client itself.
	e.w.SetContentNS(stanza.NSClient)
	start := e.w.Mark()
	if err := m.WriteXML(e.w.Encoder()); err != nil {
		return nil, err
	}
	// Most messages fit the Writer's buffer: copied from there once,
	// not flushed into buf and copied again.
	if b, ok := e.w.Since(start); ok {
		return bytes.Clone(b), nil
	}
	if err := e.w.Flush(); err != nil {
		return nil, err
	}
	return bytes.Clone(e.buf.Bytes()), nil
}

// decoders are reused by decode: a Decoder keeps its read buffer across
// a Reset, so a page of results costs one buffer, not one each.
var decoders = sync.Pool{New: func() any { return xmlstream.NewDecoder(nil, xmlstream.Limits{}) }}

// decode reads a stored message back.
func decode(raw []byte) (*xmlstream.Element, error) {
	d := decoders.Get().(*xmlstream.Decoder)
	defer func() {
		d.Reset(nil) // keeps no stored message alive
		decoders.Put(d)
	}()
	d.Reset(bytes.NewReader(raw))
	el := new(xmlstream.Element)
	if err := d.ReadElement(el); err != nil {
		return nil, err
	}
	return el, nil
}

// Serve answers an IQ that owner sent to its own archive: a query (set:
// §4; get: the form's fields, §4.1.5), preferences (get and set) or
// metadata (get, §7.1). For a query, send is called with each result in
// order, and must have written it when it returns, before the IQ result
// goes. Errors are stanza errors.
func (sv *Service) Serve(owner jid.JID, set bool, payload *xmlstream.Element, send func(Result) error) (xmlstream.Marshaler, error) {
	switch payload.Name() {
	case QueryName:
		if !set {
			return fieldsForm{}, nil
		}
		return sv.query(owner, payload, send)
	case PrefsName:
		if !set {
			p, err := sv.archive.Prefs(owner)
			if err != nil {
				return nil, stanza.NewError(stanza.InternalServerError)
			}
			if p.Default == "" {
				p.Default = sv.def
			}
			return p, nil
		}
		p, err := ParsePrefs(payload)
		if err != nil {
			return nil, stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: "invalid <prefs/>"}
		}
		if err := sv.archive.SetPrefs(owner, p); err != nil {
			return nil, stanza.NewError(stanza.InternalServerError)
		}
		return p, nil
	case MetadataName:
		if set {
			return nil, stanza.NewError(stanza.BadRequest)
		}
		first, last, ok, err := sv.archive.Bounds(owner)
		if err != nil {
			return nil, stanza.NewError(stanza.InternalServerError)
		}
		return metadata{first: first, last: last, ok: ok}, nil
	}
	return nil, stanza.NewError(stanza.FeatureNotImplemented)
}

// query runs a query and sends its results.
func (sv *Service) query(owner jid.JID, el *xmlstream.Element, send func(Result) error) (xmlstream.Marshaler, error) {
	q, err := ParseQuery(el)
	if err != nil {
		return nil, stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: err.Error()}
	}
	if q.Node != "" {
		return nil, stanza.NewError(stanza.ItemNotFound) // no pubsub archives here
	}
	if fm, ok := el.Child(form.NS, "x"); ok {
		if err := checkFields(fm); err != nil {
			return nil, err
		}
	}
	if !q.Set.CountOnly && (q.Set.Max <= 0 || q.Set.Max > sv.maxPage) {
		q.Set.Max = sv.maxPage
	}
	page, err := sv.archive.Query(owner, q.Filter, q.Set)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, stanza.Error{Type: stanza.Cancel, Condition: stanza.ItemNotFound, Text: "no archived message has that id"}
	case err != nil:
		return nil, stanza.NewError(stanza.InternalServerError)
	}
	msgs := page.Messages
	if _, flip := el.Child(flipPageName.Space, flipPageName.Local); flip {
		msgs = slices.Clone(msgs)
		slices.Reverse(msgs)
	}
	for _, m := range msgs {
		el, err := decode(m.Raw)
		if err != nil {
			return nil, stanza.NewError(stanza.InternalServerError)
		}
		r := Result{QueryID: q.ID, ID: m.ID, Forwarded: forward.Forwarded{Delay: &delay.Delay{Stamp: m.Time}, Stanza: el}}
		if err := send(r); err != nil {
			return nil, err
		}
	}
	return Fin{Complete: page.Complete, Set: page.Set}, nil
}

// queryFields are the fields a query form may have (§4.1).
var queryFields = []string{form.FormTypeVar, "with", "start", "end", "after-id", "before-id", "ids"}

// checkFields refuses a form with a field this archive does not filter
// by (§4.1.5: bad-request), rather than answer as if unfiltered.
func checkFields(x *xmlstream.Element) error {
	f, err := form.Parse(x)
	if err != nil {
		return stanza.NewError(stanza.BadRequest)
	}
	for _, fl := range f.Fields {
		if !slices.Contains(queryFields, fl.Var) {
			return stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: "unsupported field " + fl.Var}
		}
	}
	return nil
}

// fieldsForm is the <query/> answering a get: the fields a query may use.
type fieldsForm struct{}

func (fieldsForm) WriteXML(w xmlstream.Encoder) error {
	f := form.Form{Type: form.TypeForm, Fields: []form.Field{
		form.HiddenFormType(NS),
		{Var: "with", Type: form.JIDSingle},
		{Var: "start", Type: form.TextSingle},
		{Var: "end", Type: form.TextSingle},
		{Var: "after-id", Type: form.TextSingle},
		{Var: "before-id", Type: form.TextSingle},
		{Var: "ids", Type: form.TextMulti},
	}}
	return w.Element(QueryName, nil, f.WriteXML)
}

// metadata is the <metadata/> of §7.1.
type metadata struct {
	first, last Stored
	ok          bool
}

func (m metadata) WriteXML(w xmlstream.Encoder) error {
	return w.Element(MetadataName, nil, func(w xmlstream.Encoder) error {
		if !m.ok {
			return nil
		}
		for _, e := range []struct {
			local string
			s     Stored
		}{{"start", m.first}, {"end", m.last}} {
			err := w.EmptyElement(xml.Name{Space: NS, Local: e.local},
				xml.Attr{Name: xml.Name{Local: "id"}, Value: e.s.ID},
				xml.Attr{Name: xml.Name{Local: "timestamp"}, Value: e.s.Time.UTC().Format(time.RFC3339Nano)})
			if err != nil {
				return err
			}
		}
		return nil
	})
}
