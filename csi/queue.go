package csi

// queue is the held elements of one inactive client, in the order they
// were sent. A presence update replaces the one held from the same sender:
// the old entry is marked dead and the new one appended, so that the
// order of what is released is the order of the latest updates. Dead
// entries are dropped once they are as many as the live ones, so the
// queue stays within twice the live entries.
type queue[T sized] struct {
	entries []entry[T]
	index   map[string]int // collapsing key → index of its live entry
	bytes   int            // size of the live entries
	dead    int
}

// sized is what the queue holds: an [xmpp.Held], or a stand-in in tests.
type sized interface{ Len() int }

type entry[T sized] struct {
	h        T
	key      string
	collapse bool // key is in the index
	dead     bool
}

func (q *queue[T]) len() int { return len(q.entries) - q.dead }

// fits reports whether an element of n bytes can be added within max.
func (q *queue[T]) fits(key string, collapse bool, n, max int) bool {
	total := q.bytes + n
	if collapse {
		if i, ok := q.index[key]; ok {
			total -= q.entries[i].h.Len()
		}
	}
	return total <= max
}

// add appends h; if collapse, it replaces the entry held under key.
func (q *queue[T]) add(key string, collapse bool, h T) {
	if collapse {
		if q.index == nil {
			q.index = make(map[string]int)
		}
		if i, ok := q.index[key]; ok {
			q.bytes -= q.entries[i].h.Len()
			q.entries[i] = entry[T]{dead: true} // drops the bytes now
			q.dead++
		}
		q.index[key] = len(q.entries)
	}
	q.entries = append(q.entries, entry[T]{h: h, key: key, collapse: collapse})
	q.bytes += h.Len()
	if q.dead > 8 && q.dead >= q.len() {
		q.compact()
	}
}

// compact drops dead entries and rebuilds the index.
func (q *queue[T]) compact() {
	live := q.entries[:0]
	for _, e := range q.entries {
		if e.dead {
			continue
		}
		if e.collapse {
			q.index[e.key] = len(live)
		}
		live = append(live, e)
	}
	clear(q.entries[len(live):])
	q.entries, q.dead = live, 0
}

// take empties the queue and returns what was live, in order.
func (q *queue[T]) take() []T {
	if q.len() == 0 {
		q.reset()
		return nil
	}
	out := make([]T, 0, q.len())
	for _, e := range q.entries {
		if !e.dead {
			out = append(out, e.h)
		}
	}
	q.reset()
	return out
}

func (q *queue[T]) reset() {
	q.entries, q.index, q.bytes, q.dead = nil, nil, 0, 0
}
