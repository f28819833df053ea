package xmlstream

import (
	"encoding/binary"
	"fmt"
	"testing"
)

func TestWellKnownNames(t *testing.T) {
	seen := map[string]bool{}
	for i, s := range &wellKnownNames {
		if seen[s] {
			t.Fatalf("duplicate well-known name %q", s)
		}
		seen[s] = true
		var tab symTable
		if id := tab.internString(s); id != sym(i) {
			t.Fatalf("%q interned as %d, want %d", s, id, i)
		}
	}
	fixed := map[sym]string{symEmpty: "", symXML: "xml", symXMLNS: "xmlns", symXMLNSURI: xmlNS, symXMLNSNSURI: xmlnsNS}
	for id, s := range fixed {
		if wellKnownNames[id] != s {
			t.Fatalf("symbol %d is %q, want %q", id, wellKnownNames[id], s)
		}
	}
}

func TestSymbolTable(t *testing.T) {
	var tab symTable
	var ids []sym
	for i := range 1000 {
		ids = append(ids, tab.internString(fmt.Sprintf("name-%d-%s", i, "long-enough-to-hash")))
		ids = append(ids, tab.internString(fmt.Sprintf("n%d", i)))
	}
	for i := range 1000 {
		if got := tab.internString(fmt.Sprintf("name-%d-%s", i, "long-enough-to-hash")); got != ids[2*i] {
			t.Fatalf("long name %d: %d then %d", i, ids[2*i], got)
		}
		if got := tab.internString(fmt.Sprintf("n%d", i)); got != ids[2*i+1] {
			t.Fatalf("short name %d: %d then %d", i, ids[2*i+1], got)
		}
		if tab.name(ids[2*i+1]) != fmt.Sprintf("n%d", i) {
			t.Fatalf("name of %d is %q", ids[2*i+1], tab.name(ids[2*i+1]))
		}
	}
	if len(tab.names) != 2000 {
		t.Fatalf("%d names, want 2000 (no duplicates)", len(tab.names))
	}
}

// TestInternURIDifferential holds internURI, which remembers the last
// namespace values by their bytes, to intern: values of 7 to 17 bytes that
// differ from each other in one byte at any position (or only in length),
// taken in turns so that remembered ones are found again, and across a
// reset of the table.
func TestInternURIDifferential(t *testing.T) {
	var vals [][]byte
	for n := 7; n <= 17; n++ {
		base := []byte("urn:xmpp:pingpong"[:n])
		vals = append(vals, base)
		for pos := range n {
			v := append([]byte(nil), base...)
			v[pos] ^= 1
			vals = append(vals, v)
		}
	}
	var tab symTable
	for round := range 3 {
		for i := range vals {
			for _, v := range [][]byte{vals[i], vals[(i*7)%len(vals)], vals[i]} {
				got, want := tab.internURI(v), tab.intern(v)
				if got != want || tab.name(got) != string(v) {
					t.Fatalf("round %d: internURI(%q) = %d (%q), intern %d", round, v, got, tab.name(got), want)
				}
			}
		}
		tab.reset()
	}
}

// TestSeededNames checks that a fresh table finds each well-known NCName
// of 1 to 7 bytes, with its symbol, as a name read before, and no other
// name.
func TestSeededNames(t *testing.T) {
	n := 0
	for id, s := range &wellKnownNames {
		if len(s) == 0 || len(s) > 7 || !isNCName(s) {
			continue
		}
		n++
		var tab symTable
		key := nameKey([]byte(s))
		if got, ok := tab.seededName(key, len(s)); !ok || got != sym(id) {
			t.Fatalf("seededName(%q) = %d, %v; want %d", s, got, ok, id)
		}
		if got, ok := tab.cachedName(key, len(s)); !ok || got != sym(id) {
			t.Fatalf("after seededName, cachedName(%q) = %d, %v; want %d", s, got, ok, id)
		}
	}
	for _, s := range []string{"zz", "messag", "iqs", "xml:id", "Body"} {
		var tab symTable
		if id, ok := tab.seededName(nameKey([]byte(s)), len(s)); ok {
			t.Fatalf("seededName(%q) = %d, not a well-known name", s, id)
		}
	}
	stored := 0
	for _, s := range wellKnownShort {
		if s.n != 0 {
			stored++
		}
	}
	if stored != n || n < 90 {
		t.Fatalf("wellKnownShort holds %d names, want %d (over 90)", stored, n)
	}
}

// TestEndWord checks the end-tag words tryEndTag compares with: a name's
// bytes then '>', for well-known names and names a table adds (after a
// reset too), and none for names of 8 bytes or more.
func TestEndWord(t *testing.T) {
	var tab symTable
	for _, round := range []string{"first", "after reset"} {
		for _, name := range []string{"iq", "message", "a", "x-name", "body", "longname", "averylongname"} {
			id := tab.intern([]byte(name))
			var want uint64
			if len(name) < 8 {
				var w [8]byte
				copy(w[:], name+">")
				want = binary.LittleEndian.Uint64(w[:])
			}
			if got := tab.endWord(id); got != want {
				t.Errorf("%s: endWord(%q) = %#x, want %#x", round, name, got, want)
			}
		}
		tab.reset()
	}
}
