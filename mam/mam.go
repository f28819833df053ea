package mam

import (
	"encoding/xml"
	"errors"
	"time"

	"github.com/canto-im/xmpp/forward"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0313; QueryName, ResultName and FinName are
// its <query/>, <result/> and <fin/> elements.
const NS = "urn:xmpp:mam:2"

var (
	QueryName  = xml.Name{Space: NS, Local: "query"}
	ResultName = xml.Name{Space: NS, Local: "result"}
	FinName    = xml.Name{Space: NS, Local: "fin"}
)

var (
	// ErrInvalid refuses a <result/> without an id or a <forwarded/>, or a
	// <fin/> or <query/> that is not one.
	ErrInvalid = errors.New("mam: malformed urn:xmpp:mam:2 element")
	// ErrForged is a <result/> from someone other than the queried archive.
	ErrForged = errors.New("mam: result from someone other than the queried archive")
	// ErrTooMany is a page with more results than the query accepts.
	ErrTooMany = errors.New("mam: archive sent more results than asked for")
	// ErrIncomplete is a <fin/> naming a last result that never arrived.
	ErrIncomplete = errors.New("mam: archive's fin names a result that did not arrive")
)

// Result is one archived message: the <result/> element (§4.2).
type Result struct {
	// QueryID is the query this result answers.
	QueryID string
	// ID is the message's archive id (the stanza-id), usable in paging and
	// in the after-id filter.
	ID string
	// Forwarded is the archived message with its delay; from [ParseResult]
	// its Stanza is a view into the parsed element (the Handler's results
	// own theirs).
	Forwarded forward.Forwarded
	// Time is when the archive received the message (its delay stamp);
	// zero if the archive gave none. It is not written: Forwarded is.
	Time time.Time
}

// WriteXML writes r as a <result/>.
func (r Result) WriteXML(w xmlstream.Encoder) error {
	if r.ID == "" || r.Forwarded.Stanza == nil {
		return ErrInvalid
	}
	attrs := []xml.Attr{{Name: xml.Name{Local: "id"}, Value: r.ID}}
	if r.QueryID != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "queryid"}, Value: r.QueryID})
	}
	return w.Element(ResultName, attrs, func(w xmlstream.Encoder) error { return r.Forwarded.WriteXML(w) })
}

// ParseResult reads a <result/>.
func ParseResult(el *xmlstream.Element) (Result, error) {
	if el.Name() != ResultName || el.Attr("id") == "" {
		return Result{}, ErrInvalid
	}
	fel, ok := el.Child(forward.NS, "forwarded")
	if !ok {
		return Result{}, ErrInvalid
	}
	f, err := forward.Parse(fel)
	if err != nil {
		return Result{}, err
	}
	r := Result{QueryID: el.Attr("queryid"), ID: el.Attr("id"), Forwarded: f}
	if f.Delay != nil {
		r.Time = f.Delay.Stamp
	}
	return r, nil
}

// Fin is the <fin/> of the query's IQ result (§4.3).
type Fin struct {
	// Complete says the page holds the last result in the query's
	// direction: there is nothing more to fetch.
	Complete bool
	// Unstable says the archive cannot promise that the ids in Set stay
	// valid (stable='false').
	Unstable bool
	// Set is the page's position in the result set.
	Set paging.Result
}

// WriteXML writes f as a <fin/>.
func (f Fin) WriteXML(w xmlstream.Encoder) error {
	var attrs []xml.Attr
	if f.Complete {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "complete"}, Value: "true"})
	}
	if f.Unstable {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "stable"}, Value: "false"})
	}
	return w.Element(FinName, attrs, func(w xmlstream.Encoder) error {
		if f.Set.IsZero() {
			return nil
		}
		return f.Set.WriteXML(w)
	})
}

// ParseFin reads a <fin/>.
func ParseFin(el *xmlstream.Element) (Fin, error) {
	if el.Name() != FinName {
		return Fin{}, ErrInvalid
	}
	complete, err := boolAttr(el.Attr("complete"), false)
	if err != nil {
		return Fin{}, err
	}
	stable, err := boolAttr(el.Attr("stable"), true)
	if err != nil {
		return Fin{}, err
	}
	f := Fin{Complete: complete, Unstable: !stable}
	if set, ok := el.Child(paging.NS, "set"); ok {
		if f.Set, err = paging.ParseResult(set); err != nil {
			return Fin{}, err
		}
	}
	return f, nil
}

// boolAttr reads an xs:boolean attribute, def when absent.
func boolAttr(v string, def bool) (bool, error) {
	switch v {
	case "":
		return def, nil
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, ErrInvalid
}
