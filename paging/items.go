package paging

import "iter"

// Items walks a result set lazily: it fetches the first page with first,
// yields its items, and fetches each next page only when the loop has
// consumed the previous one. fetch sends the using protocol's query
// carrying the request (no <set/> at all for a zero Request) and returns
// the answer's items and its <set/> (the zero Result if there was none).
// The first error, from fetch or [ErrStalled], is yielded with the zero T
// and ends the walk.
//
// Pages follow the direction of first: forwards with After, from the
// start with a zero Request or an Index; backwards with Before or
// LastPage, each page (itself in order) yielded before the one preceding
// it. The next page asks for first.Max items, or as many as the previous
// page held when first has no Max (a responder that pages on its own
// chose that size). The walk ends at an empty page, at an answer that is
// not paged (no <first/> and <last/>), or when the count says there is
// nothing further.
func Items[T any](first Request, fetch func(Request) ([]T, Result, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		req, back := first, first.backward()
		seen := 0
		bounds := make(map[string]struct{}) // UIDs pages ended at so far
		for {
			items, res, err := fetch(req)
			if err != nil {
				yield(zero, err)
				return
			}
			bound := res.Last
			if back {
				bound = res.First
			}
			if bound != "" {
				if _, again := bounds[bound]; again {
					yield(zero, ErrStalled)
					return
				}
				bounds[bound] = struct{}{}
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			seen += len(items)
			if bound == "" || len(items) == 0 || atEnd(res, back, seen, len(items)) {
				return
			}
			next := Request{Max: first.Max}
			if next.Max == 0 {
				next.Max = len(items)
			}
			if back {
				next.Before = res.First
			} else {
				next.After = res.Last
			}
			req = next
		}
	}
}

// atEnd reports whether a page of n items described by res is the last
// one in the walk's direction, seen items having been yielded so far.
func atEnd(res Result, back bool, seen, n int) bool {
	switch {
	case res.HasCount && seen >= res.Count:
		return true
	case back:
		return res.HasIndex && res.Index == 0
	default:
		return res.HasIndex && res.HasCount && res.Index+n >= res.Count
	}
}
