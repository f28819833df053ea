package paging

import "strconv"

// List is a responder's full result set as [Request.Window] sees it: its
// items addressed by position, each with a UID unique in the set (§2.2).
type List interface {
	// Len is the number of items.
	Len() int
	// UID returns the UID of the item at position i, 0 <= i < Len().
	UID(i int) string
	// Find returns the position of the item with the given UID, or false
	// if there is none.
	Find(uid string) (int, bool)
}

// Positions is a [List] of that many items whose UIDs are their positions
// in decimal ("0", "1", ...). It suits a result set that does not change
// while a requester pages through it; a changing one needs UIDs that stay
// attached to their items (§2.2).
type Positions int

// Len returns the number of items.
func (p Positions) Len() int { return int(p) }

// UID returns i in decimal.
func (p Positions) UID(i int) string { return strconv.Itoa(i) }

// Find reads uid as a position: decimal digits in canonical form (no sign,
// no leading zero) naming an item of the list.
func (p Positions) Find(uid string) (int, bool) {
	i, err := strconv.Atoi(uid)
	if err != nil || i < 0 || i >= int(p) || strconv.Itoa(i) != uid {
		return 0, false
	}
	return i, true
}

// Window selects the page r asks for from list: the items at positions
// [lo, hi), and the Result to answer with, which always carries the count.
// Without a Max the page runs to the end of the list (or, paging
// backwards, from its start); a responder that limits pages on its own
// lowers r.Max first (Max is only a maximum). An index at or beyond the end gives
// an empty page (§2.6). An After or Before that names no item fails with
// [ErrNotFound]; r is not checked otherwise, since [ParseRequest] did.
func (r Request) Window(list List) (lo, hi int, res Result, err error) {
	n := list.Len()
	size := n
	switch {
	case r.CountOnly:
		size = 0
	case r.Max > 0:
		size = min(r.Max, n)
	}
	switch {
	case r.backward():
		hi = n
		if r.Before != "" {
			var ok bool
			if hi, ok = list.Find(r.Before); !ok {
				return 0, 0, Result{}, ErrNotFound
			}
		}
		lo = max(0, hi-size)
	case r.After != "":
		k, ok := list.Find(r.After)
		if !ok {
			return 0, 0, Result{}, ErrNotFound
		}
		lo = k + 1
		hi = min(n, lo+size)
	default:
		lo = min(max(r.Index, 0), n)
		hi = min(n, lo+size)
	}
	res = Result{Count: n, HasCount: true}
	if lo < hi {
		res.First, res.Last = list.UID(lo), list.UID(hi-1)
		res.Index, res.HasIndex = lo, true
	}
	return lo, hi, res, nil
}
