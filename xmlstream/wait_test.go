package xmlstream

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// chunks returns its strings one per Read, then err.
type chunks struct {
	parts []string
	err   error
	reads int
}

func (c *chunks) Read(p []byte) (int, error) {
	c.reads++
	if len(c.parts) == 0 {
		return 0, c.err
	}
	n := copy(p, c.parts[0])
	c.parts[0] = c.parts[0][n:]
	if c.parts[0] == "" {
		c.parts = c.parts[1:]
	}
	return n, nil
}

// TestWaitInput: WaitInput reads only when nothing is buffered, and what
// it reads, or the error it met, is what the next ReadElement sees.
func TestWaitInput(t *testing.T) {
	errBoom := errors.New("boom")
	for _, tc := range []struct {
		name   string
		parts  []string
		err    error
		reads  int // reads after the header until the last element was read
		want   []string
		wantEr error
	}{
		{"two elements in one read", []string{`<a/><b/>`}, io.EOF, 1, []string{"a", "b"}, ErrStreamEnd},
		{"one element per read", []string{`<a/>`, `<b/>`}, io.EOF, 2, []string{"a", "b"}, ErrStreamEnd},
		{"split element", []string{`<a>x`, `</a>`}, io.EOF, 2, []string{"a"}, ErrStreamEnd},
		{"white space first", []string{` `, `<a/>`}, io.EOF, 2, []string{"a"}, ErrStreamEnd},
		{"read error", nil, errBoom, 1, nil, errBoom},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &chunks{parts: append([]string{header}, tc.parts...), err: tc.err}
			d := NewDecoder(r, Limits{})
			if _, err := d.ReadStart(); err != nil {
				t.Fatal(err)
			}
			if tc.name != "read error" {
				r.parts = append(r.parts, `</stream:stream>`)
			}
			before := r.reads
			var got []string
			var el Element
			for {
				d.WaitInput()
				d.WaitInput() // a second call reads nothing more
				if err := d.ReadElement(&el); err != nil {
					if !errors.Is(err, tc.wantEr) {
						t.Fatalf("ReadElement: %v, want %v", err, tc.wantEr)
					}
					break
				}
				got = append(got, el.Name().Local)
				if len(got) == len(tc.want) {
					if waits := r.reads - before; waits != tc.reads {
						t.Errorf("%d reads for the elements, want %d", waits, tc.reads)
					}
				}
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("read %v, want %v", got, tc.want)
			}
		})
	}
}
