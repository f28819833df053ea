package xmlstream

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"testing"
)

// shortNameSeeds make names recur after the cache has seen the same bytes
// as something else: a namespace URI that is not a name, a prefix, a name
// over a small MaxNameBytes.
var shortNameSeeds = []string{
	`<a xmlns='1b'/><1b/>`, `<a xmlns='x#y'/><x#y/>`, `<a xmlns='b c'/><b c='1'/>`,
	`<p:a xmlns:p='u'/><p/><p:b xmlns:p='u'/>`, `<abcd/><abcd/><abcd:e/>`,
	`<a b='1'/><a b='1' b='2'/>`, `<iq type='get' id='1'/><iq type='get' id='1'/><iq type\x01='x'/>`,
	"<a\u00e9 b='1'/><a\u00e9 b='1'/>", `<ab/><ab-/><ab./><ab_/><ab:c xmlns:ab='u'/>`,
	// Values the fast path of start tags scans on from or leaves to the
	// general path, and tags it gives up on.
	`<a b="x y!#$%'z" c='"' d='a&amp;b' e='<' f='é'/>`, "<a b='\t\n\r' c=\"\x01\"/>",
	`<a b='12345678' c='123456789012345678901234'/>`, `<a b='1'c='2'/>`, `<a b = '1'/>`,
	`<a xmlns='u' xmlns:p='v' p:b='1' b='2'/>`, `<a b='1' b='1'/>`, `<a p:b='1'/>`, `<a b='1'/ >`,
	// The stanza attribute names told as constants (stanzaAttrName),
	// names that begin as they do, and tags cut off after their '='.
	`<iq id='1' to="2" from='3' type="4" xmlns='u'/>`, `<a id='1' id='2'/>`, `<a xmlns='' xmlns='u'/>`,
	`<a i='1' idx='2' t='3' tox='4' fro='5' fromx='6' typ='7' types='8' xmlnsx='9' xmlns:p='u'/>`,
	`<a b='1' 1='2'/>`, `<a b='1' :c='2'/>`, `<a b='1' -c='2'/>`, `<a b='1' =/>`, `<a b='1' </a>`,
	`<a id ='1' from= '2' type=3/>`,
	// The stanza names told as constants (stanzaName), and names that
	// begin as they do.
	`<iq a='1'/><iq/><iq	b='1'/><iqs a='1'/><message a='1'></message><messages a='1'/>`,
	`<presence a='1'/><presence/><presences a='1'/><presence:a xmlns:presence='u'/>`, `<presence `, `<iq `, `<a id=`, `<a to=`, `<a from=`, `<a type=`, `<a xmlns=`,
}

// decodeAllWays decodes data in fragment mode and, wrapped in a stream
// header, in stream mode (read whole, and 13 bytes a read), and describes
// the elements and the error.
func decodeAllWays(data []byte, lim Limits) string {
	var b bytes.Buffer
	toks, err := readAll(data, lim)
	fmt.Fprintf(&b, "fragment %q %v\n", toks, err)
	stream := slices.Concat([]byte(header), data, []byte(streamTail))
	decodeStream(&b, bytes.NewReader(stream), lim)
	decodeStream(&b, &chunkReader{data: stream, n: 13}, lim)
	return b.String()
}

// decodeStream describes the elements of the stream r and the error.
func decodeStream(b *bytes.Buffer, r io.Reader, lim Limits) {
	d := NewDecoder(r, lim)
	if _, err := d.ReadStart(); err != nil {
		fmt.Fprintf(b, "start %v\n", err)
		return
	}
	var el Element
	for {
		err := d.ReadElement(&el)
		if err != nil {
			fmt.Fprintf(b, "stream %v\n", err)
			return
		}
		fmt.Fprintf(b, "%q\n", elementTokens(&el))
	}
}

// checkShortNames fails if decoding data (twice over, so that its names
// recur) with the short-name lookup or the fast path of start tags differs
// from decoding it with neither.
func checkShortNames(t *testing.T, data []byte) {
	t.Helper()
	data = slices.Concat(data, data)
	for _, lim := range []Limits{{}, {MaxNameBytes: 3, MaxAttrs: 3, MaxAttrValueBytes: 8}} {
		shortNames, fastTags = false, false
		want := decodeAllWays(data, lim)
		for _, ways := range [][2]bool{{true, false}, {false, true}, {true, true}} {
			shortNames, fastTags = ways[0], ways[1]
			got := decodeAllWays(data, lim)
			if got != want {
				t.Fatalf("%q, limits %+v, short names %v, fast tags %v:\n%s\nwith neither:\n%s",
					data, lim, ways[0], ways[1], got, want)
			}
		}
	}
}

// TestShortNamesDifferential holds the short-name lookup to the path that
// reads every byte, on the package's test inputs.
func TestShortNamesDifferential(t *testing.T) {
	defer func() { shortNames, fastTags = true, true }()
	inputs := slices.Concat(fuzzSeeds, shortNameSeeds)
	for _, s := range inputs {
		checkShortNames(t, []byte(s))
	}
	data := mixedStream(t)
	start := bytes.Index(data, []byte("<message"))
	end := bytes.LastIndex(data, []byte("</stream:stream>"))
	checkShortNames(t, data[start:end])
}

// FuzzShortNames is TestShortNamesDifferential on any input.
func FuzzShortNames(f *testing.F) {
	for _, s := range slices.Concat(fuzzSeeds, shortNameSeeds) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer func() { shortNames, fastTags = true, true }()
		checkShortNames(t, data)
	})
}
