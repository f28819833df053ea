package xmlstream

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// cloneSizes builds elements of k children with a attributes each, so
// that their clones take every room newClone has, and the two allocations
// past it.
func cloneSizes() []string {
	var out []string
	for _, k := range []int{0, 1, 2, 3, 4, 8, 12, 20, 40} {
		for _, a := range []int{0, 1, 5} {
			var b strings.Builder
			b.WriteString(`<e xmlns='urn:e' r='root'>`)
			for i := range k {
				fmt.Fprintf(&b, "<c%d", i)
				for j := range a {
					fmt.Fprintf(&b, " a%d='%d.%d'", j, i, j)
				}
				fmt.Fprintf(&b, ">t%d</c%d>", i, i)
			}
			b.WriteString(`</e>`)
			out = append(out, b.String())
		}
	}
	return out
}

// TestCloneReusedElement reads each element into an Element that is then
// read into again, and checks that clones of it and of its children are
// unchanged by the reuse.
func TestCloneReusedElement(t *testing.T) {
	sizes := cloneSizes()
	var in strings.Builder
	for _, s := range sizes {
		in.WriteString(s)
		in.WriteString(`<other xmlns='urn:o' x='overwritten'><a b='c'>ddddddddddd</a><a b='c'/><a b='c'/></other>`)
		in.WriteString(`<third xmlns='urn:t' y='read into a clone'><b>eeeeeeeeeee</b></third>`)
	}
	d := NewDecoder(strings.NewReader(in.String()), Limits{})
	var el Element
	for range sizes {
		if err := d.ReadElement(&el); err != nil {
			t.Fatal(err)
		}
		c := el.Clone()
		want := elementTokens(&el)
		var kids []*Element
		var wantKids [][]string
		for k := range el.Children() {
			kids = append(kids, k.Clone())
			wantKids = append(wantKids, elementTokens(k))
		}
		if err := d.ReadElement(&el); err != nil {
			t.Fatal(err)
		}
		if got := elementTokens(c); !slices.Equal(got, want) {
			t.Fatalf("clone changed after reuse:\n%q\n%q", got, want)
		}
		for i, k := range kids {
			if got := elementTokens(k); !slices.Equal(got, wantKids[i]) {
				t.Fatalf("child clone changed after reuse:\n%q\n%q", got, wantKids[i])
			}
		}
		// A clone is read into in turn.
		into := c
		if len(kids) > 0 {
			into = kids[0]
		}
		if err := d.ReadElement(into); err != nil {
			t.Fatal(err)
		}
		if into != c {
			if got := elementTokens(c); !slices.Equal(got, want) {
				t.Fatalf("clone changed after its child's clone was read into:\n%q\n%q", got, want)
			}
		}
	}
}

// TestCloneOneAllocation checks that a stream feature or a stanza is
// cloned in one allocation.
func TestCloneOneAllocation(t *testing.T) {
	for _, in := range []string{
		sampleStanza,
		`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>`,
		`<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-256</mechanism>` +
			`<mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms>`,
	} {
		el := readOne(t, in)
		if n := testing.AllocsPerRun(100, func() { el.Clone() }); n != 1 {
			t.Errorf("%.40s: %v allocations per Clone, want 1", in, n)
		}
	}
}

// TestNewElement: an Element from NewElement holds 8 tokens and 7
// attributes in its own room (only the values are allocated), grows past
// them, and reads each element right whatever the room holds.
func TestNewElement(t *testing.T) {
	const fits = `<iq xmlns='jabber:client' type='set' id='b1' to='x' from='y'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>`
	const grows = `<iq xmlns='jabber:client' type='set' id='b1' to='x' from='y' a='5'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind' b='6'><resource>r</resource><x/></bind></iq>`
	for _, in := range []string{fits, grows, fits} {
		want := elementTokens(readOne(t, in))
		el := NewElement()
		d := NewDecoder(strings.NewReader(in+in), Limits{})
		for range 2 {
			if err := d.ReadElement(el); err != nil {
				t.Fatal(err)
			}
			if got := elementTokens(el); !slices.Equal(got, want) {
				t.Fatalf("read into NewElement:\n%q\nwant\n%q", got, want)
			}
		}
	}
	if raceEnabled {
		return
	}
	// A session's negotiation: a SASL exchange, then a bind request, which
	// outgrows the storage an element with none is given when first read
	// (its namespace declaration is a fifth attribute while it is read).
	const auth = `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABy</auth>`
	allocs := func(mk func() *Element) float64 {
		r := strings.NewReader(auth + fits)
		d := NewDecoder(r, Limits{})
		return testing.AllocsPerRun(100, func() {
			r.Reset(auth + fits)
			d.Reset(r)
			el := mk()
			for range 2 {
				if err := d.ReadElement(el); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	withRoom, without := allocs(NewElement), allocs(func() *Element { return new(Element) })
	if withRoom != 3 || without <= withRoom {
		t.Errorf("%v allocations with NewElement, %v with new(Element): want 3 (it and the two elements' values), fewer than without room", withRoom, without)
	}
}
