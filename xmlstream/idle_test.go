package xmlstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// watchedReader returns one chunk per Read, and calls check before each
// Read, so that a test sees the Decoder's state as a read waits.
type watchedReader struct {
	chunks []string
	check  func(p []byte)
}

func (r *watchedReader) Read(p []byte) (int, error) {
	r.check(p)
	if len(r.chunks) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.chunks[0])
	if r.chunks[0] = r.chunks[0][n:]; r.chunks[0] == "" {
		r.chunks = r.chunks[1:]
	}
	return n, nil
}

// TestDecoderIdleRelease: a read that begins with nothing buffered, after a
// short read (the peer's burst is over), holds no read buffer (it reads
// into the Decoder's small idle buffer), a read
// that continues an element does, and elements arriving in either way,
// longer or shorter than the idle buffer, decode the same, also with two
// Decoders sharing the pool in turn.
func TestDecoderIdleRelease(t *testing.T) {
	long := strings.Repeat("x", 3*idleReadSize)
	header := "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
	for _, tc := range []struct {
		name   string
		chunks []string
		bodies []string
	}{
		{"whole elements", []string{header, "<message><body>a</body></message>", "<message><body>b</body></message>"}, []string{"a", "b"}},
		{"long element", []string{header, "<message><body>" + long + "</body></message>"}, []string{long}},
		{"split element", []string{header, "<message><bo", "dy>c</body></message>", " ", "<message><body>d</body></message>"}, []string{"c", "d"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var decs [2]*Decoder
			idleReads := 0
			for i := range decs {
				var d *Decoder
				r := &watchedReader{chunks: append([]string(nil), tc.chunks...)}
				r.check = func(p []byte) {
					// After a burst longer than the idle buffer the read
					// buffer is kept; after a shorter one it is not.
					if d.Buffered() == 0 && d.burst < idleReadSize {
						if d.buf != nil || d.pooled != nil || len(p) != idleReadSize {
							t.Errorf("a read with nothing buffered holds a %d-byte buffer, reads into %d bytes", len(d.buf), len(p))
						}
						idleReads++
					}
				}
				d = NewDecoder(r, Limits{})
				decs[i] = d
				if _, err := d.ReadStart(); err != nil {
					t.Fatal(err)
				}
			}
			// The two Decoders take turns, so that buffers pass between them.
			var el Element
			for _, want := range tc.bodies {
				for _, d := range decs {
					if err := d.ReadElement(&el); err != nil {
						t.Fatal(err)
					}
					body, _ := el.Child("jabber:client", "body")
					if body == nil || body.Text() != want {
						t.Fatalf("read %v, want body %q", body, want)
					}
				}
			}
			if idleReads == 0 {
				t.Error("no read with nothing buffered")
			}
		})
	}
}

// TestDecoderBurstReads: a burst longer than the idle buffer makes the next
// read with nothing buffered use the read buffer, so that the next such
// burst takes one read rather than two; a burst that fits the idle buffer
// makes the next wait hold no read buffer again.
func TestDecoderBurstReads(t *testing.T) {
	header := "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
	stanza := "<iq type='get' id='0123456789abcdef' to='example.net'><ping xmlns='urn:xmpp:ping'/></iq>"
	batch := strings.Repeat(stanza, 8) // longer than the idle buffer
	if len(batch) <= idleReadSize {
		t.Fatalf("batch of %d bytes fits the idle buffer", len(batch))
	}
	for _, tc := range []struct {
		name   string
		chunks []string
		// reads each chunk takes (its first read begins with nothing
		// buffered), and whether that first read held the read buffer
		reads []int
		held  []bool
	}{
		{"short bursts", []string{header, stanza, stanza}, []int{1, 1, 1}, []bool{false, false, false}},
		{"first long burst", []string{header, batch}, []int{1, 2}, []bool{false, false}},
		{"long bursts", []string{header, batch, batch, batch}, []int{1, 2, 1, 1}, []bool{false, false, true, true}},
		{"long then short", []string{header, batch, stanza, stanza, batch}, []int{1, 2, 1, 1, 2}, []bool{false, false, true, false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d *Decoder
			chunk := -1 // the chunk being read
			var reads []int
			var held []bool
			r := &watchedReader{chunks: append(slices.Clone(tc.chunks), "</stream:stream>")}
			left := 0 // bytes of the current chunk not yet returned
			r.check = func(p []byte) {
				if left == 0 {
					chunk++
					if chunk < len(tc.chunks) {
						left = len(tc.chunks[chunk])
						reads = append(reads, 0)
						held = append(held, d.buf != nil)
					}
				}
				if chunk < len(tc.chunks) {
					reads[chunk]++
					left -= min(left, len(p))
				}
			}
			d = NewDecoder(r, Limits{})
			if _, err := d.ReadStart(); err != nil {
				t.Fatal(err)
			}
			var el Element
			for {
				err := d.ReadElement(&el)
				if errors.Is(err, ErrStreamEnd) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if el.Attr("id") != "0123456789abcdef" {
					t.Fatalf("read %v", &el)
				}
			}
			reads, held = reads[:len(tc.chunks)], held[:len(tc.chunks)] // not the closing tag's
			if !slices.Equal(reads, tc.reads) || !slices.Equal(held, tc.held) {
				t.Errorf("reads per chunk %v, read buffer held %v; want %v, %v", reads, held, tc.reads, tc.held)
			}
		})
	}
}

// TestWriterReleasesBuffer: a Writer holds a buffer only while bytes wait
// for Flush, and writes the same bytes across many take-and-give-backs.
func TestWriterReleasesBuffer(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	if w.buf != nil {
		t.Fatal("a new Writer holds a buffer")
	}
	for i := range 3 {
		name := strings.Repeat("a", i+1)
		if err := w.Start(xml.Name{Local: name}); err != nil {
			t.Fatal(err)
		}
		if err := w.Text(strings.Repeat("t", i*flushAt)); err != nil {
			t.Fatal(err)
		}
		if err := w.End(); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if w.buf != nil || w.pooled != nil {
			t.Errorf("after Flush the Writer holds %d bytes of buffer", cap(w.buf))
		}
	}
	want := "<a></a><aa>" + strings.Repeat("t", flushAt) + "</aa><aaa>" + strings.Repeat("t", 2*flushAt) + "</aaa>"
	if got := out.String(); got != want {
		t.Errorf("wrote %d bytes, want %d: %.80q", len(got), len(want), got)
	}
}
