package disco

import (
	"encoding/xml"
	"errors"
	"strconv"

	"github.com/canto-im/xmpp/xmlstream"
)

// This file holds the small part of XEP-0059 (Result Set Management) that
// paging disco#items needs.

var rsmSetName = xml.Name{Space: nsRSM, Local: "set"}

// errRSM is returned for a request's <set/> that cannot be read.
var errRSM = errors.New("disco: malformed result set request")

// rsmResult is the <set/> of a page: which part of the full list it is.
type rsmResult struct {
	first      string // UID of the first item; "" for an empty page
	firstIndex int    // position of the first item; -1 if not given
	last       string // UID of the last item; "" for an empty page
	count      int    // size of the full list; -1 if not given
}

func (r *rsmResult) writeXML(w xmlstream.Encoder) error {
	if err := w.Start(rsmSetName); err != nil {
		return err
	}
	if r.first != "" {
		var attrs []xml.Attr
		if r.firstIndex >= 0 {
			attrs = []xml.Attr{{Name: xml.Name{Local: "index"}, Value: strconv.Itoa(r.firstIndex)}}
		}
		if err := rsmElement(w, "first", r.first, attrs...); err != nil {
			return err
		}
		if err := rsmElement(w, "last", r.last); err != nil {
			return err
		}
	}
	if r.count >= 0 {
		if err := rsmElement(w, "count", strconv.Itoa(r.count)); err != nil {
			return err
		}
	}
	return w.End()
}

func rsmElement(w xmlstream.Encoder, local, text string, attrs ...xml.Attr) error {
	if err := w.Start(xml.Name{Space: nsRSM, Local: local}, attrs...); err != nil {
		return err
	}
	if text != "" {
		if err := w.Text(text); err != nil {
			return err
		}
	}
	return w.End()
}

// parseRSMResult reads the <set/> of a page. The numbers are hints
// (XEP-0059 allows them to be approximate); malformed ones are dropped.
func parseRSMResult(el *xmlstream.Element) rsmResult {
	r := rsmResult{firstIndex: -1, count: -1}
	if c, ok := el.Child(nsRSM, "first"); ok {
		r.first = c.Text()
		r.firstIndex = nonNegative(c.Attr("index"))
	}
	if c, ok := el.Child(nsRSM, "last"); ok {
		r.last = c.Text()
	}
	if c, ok := el.Child(nsRSM, "count"); ok {
		r.count = nonNegative(c.Text())
	}
	return r
}

// nonNegative parses s as a non-negative int, or returns -1.
func nonNegative(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// rsmRequest is the <set/> of a request: which page to return.
type rsmRequest struct {
	max       int // -1: no limit given
	after     string
	hasAfter  bool
	before    string
	hasBefore bool // an empty <before/> asks for the last page
	index     int  // -1: not given
}

func (r *rsmRequest) writeXML(w xmlstream.Encoder) error {
	if err := w.Start(rsmSetName); err != nil {
		return err
	}
	if r.max >= 0 {
		if err := rsmElement(w, "max", strconv.Itoa(r.max)); err != nil {
			return err
		}
	}
	if r.hasAfter {
		if err := rsmElement(w, "after", r.after); err != nil {
			return err
		}
	}
	return w.End()
}

// parseRSMRequest reads the <set/> of a request.
func parseRSMRequest(el *xmlstream.Element) (rsmRequest, error) {
	r := rsmRequest{max: -1, index: -1}
	if c, ok := el.Child(nsRSM, "max"); ok {
		if r.max = nonNegative(c.Text()); r.max < 0 {
			return rsmRequest{}, errRSM
		}
	}
	if c, ok := el.Child(nsRSM, "index"); ok {
		if r.index = nonNegative(c.Text()); r.index < 0 {
			return rsmRequest{}, errRSM
		}
	}
	if c, ok := el.Child(nsRSM, "after"); ok {
		r.after, r.hasAfter = c.Text(), true
	}
	if c, ok := el.Child(nsRSM, "before"); ok {
		r.before, r.hasBefore = c.Text(), true
	}
	return r, nil
}

// errRSMUnknownUID: the after or before of a request names no item.
var errRSMUnknownUID = errors.New("disco: result set UID names no item")

// page returns the bounds [lo, hi) of the page r asks for in a list of n
// items whose UIDs are their decimal positions.
func (r *rsmRequest) page(n int) (lo, hi int, err error) {
	size := n
	if r.max >= 0 {
		size = min(r.max, n)
	}
	switch {
	case r.hasBefore:
		hi = n
		if r.before != "" {
			if hi, err = uidIndex(r.before, n); err != nil {
				return 0, 0, err
			}
		}
		return max(0, hi-size), hi, nil
	case r.hasAfter:
		k, err := uidIndex(r.after, n)
		if err != nil {
			return 0, 0, err
		}
		lo = k + 1
	case r.index >= 0:
		lo = min(r.index, n)
	}
	return lo, min(n, lo+size), nil
}

// uidIndex returns the position a UID stands for.
func uidIndex(uid string, n int) (int, error) {
	k := nonNegative(uid)
	if k < 0 || k >= n || strconv.Itoa(k) != uid {
		return 0, errRSMUnknownUID
	}
	return k, nil
}
