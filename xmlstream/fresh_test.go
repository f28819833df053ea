package xmlstream

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// TestFreshElementStorage: a small stanza read into an Element that has no
// storage yet (an IQ response a caller keeps) costs one allocation for its
// tokens, attributes and arena together; what was read stays valid when the
// element is reused, larger elements still read whole, and an element that
// outgrows the fresh arena gets an arena of its own.
func TestFreshElementStorage(t *testing.T) {
	const small = `<iq xmlns='jabber:client' id='ab12cd34ef56ab78' to='a@example.net/bench' from='example.net' type='result'/>`
	long := `<iq xmlns='jabber:client' id='` + strings.Repeat("x", 200) + `' type='result'><query xmlns='urn:x'><a/><b/><c/><d/><e/><f/><g/><h/><i/></query></iq>`
	var r strings.Reader
	d := NewDecoder(&r, Limits{})
	got := testing.AllocsPerRun(100, func() {
		r.Reset(small)
		d.Reset(&r)
		var el Element
		if err := d.ReadElement(&el); err != nil {
			t.Fatal(err)
		}
	})
	if got > 1 {
		t.Errorf("%v allocations for a small stanza in a fresh element, want 1 (3 before)", got)
	}
	// Its storage is sized to it once read (lend, settle): a fixed
	// starting size for 8 tokens, 8 attributes and a 96-byte arena was
	// 416 bytes.
	var before, after runtime.MemStats
	const runs = 100
	els := make([]Element, runs)
	runtime.ReadMemStats(&before)
	for i := range els {
		r.Reset(small)
		d.Reset(&r)
		if err := d.ReadElement(&els[i]); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if b := (after.TotalAlloc - before.TotalAlloc) / runs; b > 256 {
		t.Errorf("%d bytes allocated per small stanza read into a fresh element, want at most 256 (416 before)", b)
	}
	for _, tc := range []struct{ name, in, again string }{
		{"small, then reused", small, long},
		{"large", long, small},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r.Reset(tc.in + tc.again)
			d.Reset(&r)
			var el Element
			if err := d.ReadElement(&el); err != nil {
				t.Fatal(err)
			}
			id, name := el.Attr("id"), el.Name().Local
			if err := d.ReadElement(&el); err != nil {
				t.Fatal(err)
			}
			first := NewDecoder(strings.NewReader(tc.in), Limits{})
			var want Element
			if err := first.ReadElement(&want); err != nil {
				t.Fatal(err)
			}
			if id != want.Attr("id") || name != want.Name().Local {
				t.Errorf("after reuse: %q %q, want %q %q", name, id, want.Name().Local, want.Attr("id"))
			}
			again := NewDecoder(strings.NewReader(tc.again), Limits{})
			var want2 Element
			if err := again.ReadElement(&want2); err != nil {
				t.Fatal(err)
			}
			if el.Attr("id") != want2.Attr("id") || len(el.toks) != len(want2.toks) {
				t.Errorf("second element read as %q (%d tokens), want %q (%d)", el.Attr("id"), len(el.toks), want2.Attr("id"), len(want2.toks))
			}
		})
	}
}

// settle keeps tokens and attributes in a []byte block, which the
// collector does not scan: neither may ever hold a pointer.
func TestSettledStorageHoldsNoPointers(t *testing.T) {
	var hasPointers func(reflect.Type) bool
	hasPointers = func(ty reflect.Type) bool {
		switch ty.Kind() {
		case reflect.Struct:
			for i := range ty.NumField() {
				if hasPointers(ty.Field(i).Type) {
					return true
				}
			}
			return false
		case reflect.Array:
			return hasPointers(ty.Elem())
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
			return false
		}
		return true
	}
	for _, ty := range []reflect.Type{reflect.TypeFor[token](), reflect.TypeFor[attr](), reflect.TypeFor[settledStore]()} {
		if hasPointers(ty) {
			t.Errorf("%v holds a pointer: settle's noscan block would hide it from the collector", ty)
		}
	}
}

// TestReadNewElement: a small stanza read with ReadNewElement costs one
// allocation (the Element with its storage; ReadElement into a
// new(Element) cost two), and every element, small or not, reads as
// ReadElement reads it and stays intact as the Decoder reads on.
func TestReadNewElement(t *testing.T) {
	const small = `<iq xmlns='jabber:client' id='ab12cd34ef56ab78' to='a@example.net/bench' from='example.net' type='result'/>`
	var r strings.Reader
	d := NewDecoder(&r, Limits{})
	got := testing.AllocsPerRun(100, func() {
		r.Reset(small)
		d.Reset(&r)
		if _, err := d.ReadNewElement(); err != nil {
			t.Fatal(err)
		}
	})
	if got != 1 {
		t.Errorf("%v allocations for a small stanza read with ReadNewElement, want 1", got)
	}
	inputs := []string{
		small,
		`<message xmlns='jabber:client' id='m1' to='b@example.net'><body>hello</body></message>`,
		`<iq xmlns='jabber:client' id='` + strings.Repeat("x", 300) + `' type='result'/>`,
		`<iq xmlns='jabber:client' id='q' type='result'><query xmlns='urn:x'><a/><b/><c/><d/><e/><f/><g/><h/><i/></query></iq>`,
		`<presence xmlns='jabber:client' a='1' b='2' c='3' d='4' e='5'/>`,
	}
	all := strings.Join(inputs, "")
	d = NewDecoder(strings.NewReader(all), Limits{})
	var els []*Element
	for range inputs {
		el, err := d.ReadNewElement()
		if err != nil {
			t.Fatal(err)
		}
		els = append(els, el)
	}
	want := NewDecoder(strings.NewReader(all), Limits{})
	for i, el := range els {
		var w Element
		if err := want.ReadElement(&w); err != nil {
			t.Fatal(err)
		}
		if got, exp := elementXML(t, el), elementXML(t, &w); got != exp {
			t.Errorf("element %d read as\n%s\nwant\n%s", i, got, exp)
		}
	}
	if el, err := NewDecoder(strings.NewReader(`<iq><a></b></iq>`), Limits{}).ReadNewElement(); err == nil || el != nil {
		t.Errorf("ill-formed input: %v, %v; want nil and an error", el, err)
	}
}

func elementXML(t *testing.T, el *Element) string {
	t.Helper()
	var b strings.Builder
	w := NewWriter(&b)
	if err := el.WriteXML(w.Encoder()); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
