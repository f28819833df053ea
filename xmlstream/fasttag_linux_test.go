package xmlstream

import (
	"strings"
	"syscall"
	"testing"
)

// TestFastTagsGuardPage reads start tags that end at the end of a read
// buffer followed by a page that cannot be read: the fast path's word
// loads and copies must stay within the buffer, whatever the offset of
// the values (a value it steps through, at white space, loads its words
// unaligned), and what it reads must be right.
func TestFastTagsGuardPage(t *testing.T) {
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(mem)
	if err := syscall.Mprotect(mem[page:], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	buf := mem[:page]
	tags := []struct{ tag, values string }{
		{`<a b='x yyyyyyy'/>`, "x yyyyyyy"},
		{`<a c="a bcdefghijklmn" b='x yyyyyyyy'>`, "a bcdefghijklmn|x yyyyyyyy"},
		{`<a b='x'/>`, "x"},
		{`<a b='12345678'>`, "12345678"},
	}
	for _, tt := range tags {
		for cut := 0; cut < 8; cut++ {
			// The tag ends cut bytes before the end of the buffer.
			in := tt.tag + "        "[:cut]
			start := page - len(in)
			copy(buf[start:], in)
			d := NewDecoder(nil, Limits{})
			d.buf, d.pos, d.end = buf, start+2, page
			el := Element{attrs: make([]attr, 0, 8)}
			if _, ok := d.tryAttrs(&el, start+2); ok {
				var values []string
				for _, a := range el.attrs {
					values = append(values, string(d.scratch[a.off:a.off+a.n]))
				}
				if got := strings.Join(values, "|"); got != tt.values {
					t.Fatalf("%q at the end of the buffer: values %q, want %q", in, got, tt.values)
				}
			}
			d.buf = nil
		}
	}
}
