package xmlstream

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestDecoderReleasesAtEnd: an error that ends reading (the stream's end
// tag, bad input, the transport's error) gives the read buffer back when
// nothing is left buffered, and keeps it, with the bytes, when something
// is (a Restart goes on reading them); the offsets stay right and a
// Restart afterwards reads on as usual.
func TestDecoderReleasesAtEnd(t *testing.T) {
	header := "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
	stanza := "<message><body>a</body></message>"
	for _, tc := range []struct {
		name     string
		chunks   []string
		want     error // the error that ends reading
		held     bool  // the read buffer is kept after it
		buffered int
		restart  bool // a Restart then reads a new stream from the buffered bytes
	}{
		{"stream end", []string{header, stanza, "</stream:stream>"}, ErrStreamEnd, false, 0, false},
		{"stream end in one read", []string{header + stanza + "</stream:stream>"}, ErrStreamEnd, false, 0, false},
		{"bytes after the end", []string{header, stanza + "</stream:stream>" + header + stanza}, ErrStreamEnd, true, len(header + stanza), true},
		{"not well-formed", []string{header, stanza, "<a></b>"}, nil, true, 1, false}, // the error stops before the last byte
		{"transport ends", []string{header, stanza}, io.ErrUnexpectedEOF, false, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &watchedReader{chunks: append([]string(nil), tc.chunks...), check: func([]byte) {}}
			d := NewDecoder(r, Limits{})
			if _, err := d.ReadStart(); err != nil {
				t.Fatal(err)
			}
			var el Element
			if err := d.ReadElement(&el); err != nil {
				t.Fatal(err)
			}
			err := d.ReadElement(&el)
			switch {
			case err == nil:
				t.Fatalf("read %v, want an error", &el)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if held := d.buf != nil || d.pooled != nil; held != tc.held {
				t.Errorf("after %v the read buffer is held: %v, want %v", err, held, tc.held)
			}
			if d.Buffered() != tc.buffered {
				t.Errorf("%d bytes buffered, want %d", d.Buffered(), tc.buffered)
			}
			if !errors.Is(d.ReadElement(&el), err) {
				t.Error("the error does not stay")
			}
			if tc.want == ErrStreamEnd {
				end := int64(len(strings.Join(tc.chunks, ""))) - int64(tc.buffered)
				if got := d.InputOffset(); got != end {
					t.Errorf("input offset %d after the end, want %d", got, end)
				}
			}
			if !tc.restart {
				return
			}
			d.Restart()
			if _, err := d.ReadStart(); err != nil {
				t.Fatal(err)
			}
			if err := d.ReadElement(&el); err != nil {
				t.Fatal(err)
			}
			if body, _ := el.Child("jabber:client", "body"); body == nil || body.Text() != "a" {
				t.Errorf("read %v after the restart", &el)
			}
		})
	}
}
