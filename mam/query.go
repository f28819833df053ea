package mam

import (
	"encoding/xml"
	"time"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/xmlstream"
)

// Filter narrows a query with the fields of §4.1. The zero Filter asks for
// the whole archive.
type Filter struct {
	// With keeps the messages to or from this JID (a bare JID matches all
	// its resources); zero for all. Not for room archives.
	With jid.JID
	// Start and End keep the messages archived at or after Start and at or
	// before End; zero for no bound.
	Start, End time.Time
	// AfterID and BeforeID keep the messages after and before these archive
	// ids (§4.1.3, not every archive supports them; paging.Request's After
	// and Before are the portable way).
	AfterID, BeforeID string
	// IDs keeps only these archive ids (§4.1.4, urn:xmpp:mam:2#extended).
	IDs []string
}

// IsZero reports whether f filters nothing, so a query sends no form.
func (f Filter) IsZero() bool {
	return f.With.IsZero() && f.Start.IsZero() && f.End.IsZero() && f.AfterID == "" && f.BeforeID == "" && len(f.IDs) == 0
}

// Form returns f as the submitted data form of a query.
func (f Filter) Form() form.Form {
	fields := []form.Field{form.HiddenFormType(NS)}
	add := func(v, val string) {
		if val != "" {
			fields = append(fields, form.Field{Var: v, Values: []string{val}})
		}
	}
	if !f.With.IsZero() {
		add("with", f.With.String())
	}
	if !f.Start.IsZero() {
		add("start", f.Start.UTC().Format(time.RFC3339Nano))
	}
	if !f.End.IsZero() {
		add("end", f.End.UTC().Format(time.RFC3339Nano))
	}
	add("after-id", f.AfterID)
	add("before-id", f.BeforeID)
	if len(f.IDs) > 0 {
		fields = append(fields, form.Field{Var: "ids", Type: form.ListMulti, Values: f.IDs})
	}
	return form.Form{Type: form.TypeSubmit, Fields: fields}
}

// ParseFilter reads a submitted query form.
func ParseFilter(x form.Form) (Filter, error) {
	if x.FormType() != NS {
		return Filter{}, ErrInvalid
	}
	var f Filter
	var err error
	if fl, ok := x.Field("with"); ok && fl.Value() != "" {
		if f.With, err = jid.Parse(fl.Value()); err != nil {
			return Filter{}, err
		}
	}
	for _, t := range []struct {
		v   string
		dst *time.Time
	}{{"start", &f.Start}, {"end", &f.End}} {
		if fl, ok := x.Field(t.v); ok && fl.Value() != "" {
			if *t.dst, err = time.Parse(time.RFC3339Nano, fl.Value()); err != nil {
				return Filter{}, ErrInvalid
			}
		}
	}
	if fl, ok := x.Field("after-id"); ok {
		f.AfterID = fl.Value()
	}
	if fl, ok := x.Field("before-id"); ok {
		f.BeforeID = fl.Value()
	}
	if fl, ok := x.Field("ids"); ok && len(fl.Values) > 0 {
		f.IDs = fl.Values
	}
	return f, nil
}

// Query is the <query/> of a request (§4).
type Query struct {
	// ID is the queryid the archive copies into each <result/>.
	ID string
	// Node is the pubsub node to query; empty for a user or room archive.
	Node   string
	Filter Filter
	// Set is which page to send; the zero Request sends no <set/>.
	Set paging.Request
}

// WriteXML writes q as a <query/>.
func (q Query) WriteXML(w xmlstream.Encoder) error {
	var attrs []xml.Attr
	if q.ID != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "queryid"}, Value: q.ID})
	}
	if q.Node != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "node"}, Value: q.Node})
	}
	return w.Element(QueryName, attrs, func(w xmlstream.Encoder) error {
		if !q.Filter.IsZero() {
			if err := q.Filter.Form().WriteXML(w); err != nil {
				return err
			}
		}
		if q.Set.IsZero() {
			return nil
		}
		return q.Set.WriteXML(w)
	})
}

// ParseQuery reads a <query/>.
func ParseQuery(el *xmlstream.Element) (Query, error) {
	if el.Name() != QueryName {
		return Query{}, ErrInvalid
	}
	q := Query{ID: el.Attr("queryid"), Node: el.Attr("node")}
	if x, ok := el.Child(form.NS, "x"); ok {
		fm, err := form.Parse(x)
		if err != nil {
			return Query{}, err
		}
		if q.Filter, err = ParseFilter(fm); err != nil {
			return Query{}, err
		}
	}
	if set, ok := el.Child(paging.NS, "set"); ok {
		var err error
		if q.Set, err = paging.ParseRequest(set); err != nil {
			return Query{}, err
		}
	}
	return q, nil
}
