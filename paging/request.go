package paging

import (
	"strconv"

	"github.com/canto-im/xmpp/xmlstream"
)

// Request is the <set/> of a query: which page of the result set to send.
// The zero Request asks for nothing in particular; a query carrying it
// should leave the <set/> out (see [Request.IsZero]).
//
// After, Before (with LastPage) and Index are three ways to say where the
// page is; a Request uses at most one of them.
type Request struct {
	// Max is the largest number of items the page may hold (§2.1). Zero
	// leaves the size to the responder; see CountOnly for <max>0</max>.
	Max int
	// CountOnly asks for the size of the result set and no items
	// (<max>0</max>, §2.7). It overrides Max.
	CountOnly bool
	// After asks for the page that starts right after the item with this
	// UID, the <last/> of the previous page: paging forwards (§2.2).
	After string
	// Before asks for the page that ends right before the item with this
	// UID, the <first/> of the next page: paging backwards (§2.3).
	Before string
	// LastPage asks for the last page of the result set (an empty
	// <before/>, §2.5). It may not be combined with Before.
	LastPage bool
	// Index asks for the page that starts at this position of the result
	// set, the first item being at 0 (§2.6). XEP-0059 prefers After and
	// Before, which stay correct while the result set changes.
	Index int
}

// IsZero reports whether r asks for nothing: a query then carries no
// <set/> at all.
func (r Request) IsZero() bool { return r == Request{} }

// backward reports whether r pages towards the start of the result set.
func (r Request) backward() bool { return r.Before != "" || r.LastPage }

// check refuses requests that XEP-0059 does not define.
func (r Request) check() error {
	if err := checkNumber("<max/>", r.Max); err != nil {
		return err
	}
	if err := checkNumber("<index/>", r.Index); err != nil {
		return err
	}
	switch {
	case r.Before != "" && r.LastPage:
		return malformed("both a <before/> UID and the last page asked for")
	case r.After != "" && r.backward():
		return malformed("both <after/> and <before/>")
	case r.Index != 0 && (r.After != "" || r.backward()):
		return malformed("<index/> together with <after/> or <before/>")
	}
	return nil
}

// WriteXML writes r as a <set/>, or fails with an error wrapping
// [ErrMalformed] if r combines what XEP-0059 does not define or holds a
// number out of range.
func (r Request) WriteXML(w xmlstream.Encoder) error {
	if err := r.check(); err != nil {
		return err
	}
	if err := w.Start(Name); err != nil {
		return err
	}
	var err error
	switch {
	case r.CountOnly:
		err = writeText(w, "max", "0")
	case r.Max > 0:
		err = writeText(w, "max", strconv.Itoa(r.Max))
	}
	if err == nil && r.After != "" {
		err = writeText(w, "after", r.After)
	}
	if err == nil && r.backward() {
		err = writeText(w, "before", r.Before)
	}
	if err == nil && r.Index > 0 {
		err = writeText(w, "index", strconv.Itoa(r.Index))
	}
	if err != nil {
		return err
	}
	return w.End()
}

// requestFields are the children a request's <set/> is read from.
var requestFields = []string{"max", "after", "before", "index"}

// ParseRequest reads the <set/> of a query. Elements of a result
// (<first/>, <last/>, <count/>) are ignored. Errors wrap [ErrMalformed]:
// a number that is not a non-negative 32-bit integer, a repeated element,
// an empty <after/>, or <after/>, <before/> and <index/> combined.
func ParseRequest(set *xmlstream.Element) (Request, error) {
	var f [4]*xmlstream.Element
	if err := children(set, requestFields, f[:]); err != nil {
		return Request{}, err
	}
	max, after, before, index := f[0], f[1], f[2], f[3]
	var r Request
	if max != nil {
		n, err := parseNumber("<max/>", max.Text())
		if err != nil {
			return Request{}, err
		}
		r.Max, r.CountOnly = n, n == 0
	}
	if after != nil {
		if r.After = after.Text(); r.After == "" {
			return Request{}, malformed("empty <after/>")
		}
	}
	if before != nil {
		r.Before = before.Text()
		r.LastPage = r.Before == ""
	}
	if index != nil {
		n, err := parseNumber("<index/>", index.Text())
		if err != nil {
			return Request{}, err
		}
		r.Index = n
	}
	if err := r.check(); err != nil {
		return Request{}, err
	}
	return r, nil
}
