package xmlstream

import (
	"fmt"
	"testing"
)

func TestWellKnownNames(t *testing.T) {
	seen := map[string]bool{}
	for i, s := range wellKnownNames {
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
