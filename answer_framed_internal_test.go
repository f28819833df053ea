package xmpp

import "testing"

// On an element transport the answers are not a reader (setTransport
// leaves them unset): an answer still pending when the read loop looks,
// because a writer held the lock when it was given, is left to that
// writer, not read through.
func TestReadThroughElementTransport(t *testing.T) {
	var a answers
	a.q = append(a.q, answer{key: 1})
	a.n.Store(1)
	a.readThrough() // crashed on a.s.dec
	if a.reading {
		t.Fatal("an element transport's decoder reads through the answers")
	}
}
