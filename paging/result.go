package paging

import (
	"encoding/xml"
	"strconv"

	"github.com/canto-im/xmpp/xmlstream"
)

// Result is the <set/> of an answer: which part of the result set the page
// is (§2.2). An empty page, such as the answer to a count-only request,
// has neither First nor Last.
type Result struct {
	// First and Last are the UIDs of the page's first and last items (the
	// same UID for a page of one item). The requester treats them as
	// opaque and sends them back in After and Before.
	First, Last string
	// Index is the position of the first item in the full result set,
	// when HasIndex. It is written as an attribute of <first/>, so only
	// with a First. XEP-0059 allows it to be approximate.
	Index    int
	HasIndex bool
	// Count is the number of items in the full result set, when
	// HasCount. XEP-0059 allows it to be approximate.
	Count    int
	HasCount bool
}

// IsZero reports whether r says nothing about the page; it is what a
// fetch function returns for an answer without a <set/>, from a responder
// that does not page.
func (r Result) IsZero() bool { return r == Result{} }

// check refuses results that the schema cannot carry.
func (r Result) check() error {
	switch {
	case (r.First == "") != (r.Last == ""):
		return malformed("<first/> and <last/> go together")
	case r.HasIndex && r.First == "":
		return malformed("an index without a <first/>")
	}
	if r.HasIndex {
		if err := checkNumber("the index of <first/>", r.Index); err != nil {
			return err
		}
	}
	if r.HasCount {
		return checkNumber("<count/>", r.Count)
	}
	return nil
}

// WriteXML writes r as a <set/>, or fails with an error wrapping
// [ErrMalformed] if r cannot be written as the schema says: a First
// without a Last or the reverse, an index without a First, a negative or
// out-of-range number.
func (r Result) WriteXML(w xmlstream.Encoder) error {
	if err := r.check(); err != nil {
		return err
	}
	if err := w.Start(Name); err != nil {
		return err
	}
	if r.First != "" {
		var attrs []xml.Attr
		if r.HasIndex {
			attrs = []xml.Attr{{Name: xml.Name{Local: "index"}, Value: strconv.Itoa(r.Index)}}
		}
		if err := writeText(w, "first", r.First, attrs...); err != nil {
			return err
		}
		if err := writeText(w, "last", r.Last); err != nil {
			return err
		}
	}
	if r.HasCount {
		if err := writeText(w, "count", strconv.Itoa(r.Count)); err != nil {
			return err
		}
	}
	return w.End()
}

// resultFields are the children a result's <set/> is read from.
var resultFields = []string{"first", "last", "count"}

// ParseResult reads the <set/> of an answer. Elements of a request are
// ignored. Errors wrap [ErrMalformed]: a <first/> without a <last/> or the
// reverse, an empty UID, a count or index that is not a non-negative
// 32-bit integer, a repeated element.
func ParseResult(set *xmlstream.Element) (Result, error) {
	var f [3]*xmlstream.Element
	if err := children(set, resultFields, f[:]); err != nil {
		return Result{}, err
	}
	first, last, count := f[0], f[1], f[2]
	var r Result
	switch {
	case first != nil && last == nil:
		return Result{}, malformed("<first/> without <last/>")
	case first == nil && last != nil:
		return Result{}, malformed("<last/> without <first/>")
	case first != nil:
		r.First, r.Last = first.Text(), last.Text()
		if r.First == "" || r.Last == "" {
			return Result{}, malformed("empty UID in <first/> or <last/>")
		}
		if s, ok := first.AttrNS("", "index"); ok {
			n, err := parseNumber("the index of <first/>", s)
			if err != nil {
				return Result{}, err
			}
			r.Index, r.HasIndex = n, true
		}
	}
	if count != nil {
		n, err := parseNumber("<count/>", count.Text())
		if err != nil {
			return Result{}, err
		}
		r.Count, r.HasCount = n, true
	}
	return r, nil
}
