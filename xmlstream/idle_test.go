package xmlstream

import (
	"bytes"
	"encoding/xml"
	"io"
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
					// In the middle of a burst (the last read filled what
					// it was given) the buffer is kept; between bursts it
					// is not.
					if d.Buffered() == 0 && d.lastRead < idleReadSize {
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
