package xmpp

// pendingTable holds the IQ requests in flight by id. Most sessions have a
// few at a time, so the first fewPending sit in an array searched in
// order, and only those beyond go to a map: a Go map cost about six
// hundred instructions per request (insert, two look-ups and the delete,
// which also draws a new seed each time the map becomes empty), the array
// a few dozen. Ids are unique in the table, wherever they sit.
type pendingTable struct {
	few  [fewPending]*pendingIQ // the first n are in use
	n    int
	more map[string]*pendingIQ // made when few is full
}

// fewPending is how many requests the array holds: as many as the
// benchmarks' parallel callers, and a search of it still costs less than
// a map's hashing.
const fewPending = 8

// find returns the request with id, or nil.
func (t *pendingTable) find(id string) *pendingIQ {
	for _, p := range t.few[:t.n] {
		if p.id == id {
			return p
		}
	}
	if t.more != nil {
		return t.more[id]
	}
	return nil
}

// add enters p under p.id, which is not in the table.
func (t *pendingTable) add(p *pendingIQ) {
	if t.n < len(t.few) {
		t.few[t.n] = p
		t.n++
		return
	}
	if t.more == nil {
		t.more = make(map[string]*pendingIQ)
	}
	t.more[p.id] = p
}

// remove takes p out of the table, reporting whether it was there.
func (t *pendingTable) remove(p *pendingIQ) bool {
	for i, q := range t.few[:t.n] {
		if q == p {
			t.n--
			t.few[i], t.few[t.n] = t.few[t.n], nil
			return true
		}
	}
	if q, ok := t.more[p.id]; ok && q == p {
		delete(t.more, p.id)
		return true
	}
	return false
}

// takeAll empties the table, calling f for each request it held once the
// request is out of it.
func (t *pendingTable) takeAll(f func(*pendingIQ)) {
	for t.n > 0 {
		t.n--
		p := t.few[t.n]
		t.few[t.n] = nil
		f(p)
	}
	for id, p := range t.more {
		delete(t.more, id)
		f(p)
	}
}
