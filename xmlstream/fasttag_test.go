package xmlstream

import (
	"strings"
	"testing"
)

// TestFastTagsBufferEnd places start tags whose values the fast path
// steps through (white space in them) at every offset from the end of the
// idle and the read buffer: its word loads and copies must stay within
// the buffer (under -race, checkptr fails a load that reaches past it),
// and it must decode as the general path does.
func TestFastTagsBufferEnd(t *testing.T) {
	defer func() { fastTags = true }()
	tag := `<a c="a bcdefghijklmn" b='x yyyyyyy'/>`
	for _, size := range []int{idleReadSize, idleReadSize + initialBufSize} {
		for pad := size - 2*len(tag); pad < size; pad++ {
			data := []byte(strings.Repeat(" ", pad) + tag + tag)
			fastTags = false
			want, wantErr := readAll(data, Limits{})
			fastTags = true
			got, err := readAll(data, Limits{})
			if strings.Join(got, " ") != strings.Join(want, " ") || (err == nil) != (wantErr == nil) {
				t.Fatalf("pad %d: fast path %q, %v; general path %q, %v", pad, got, err, want, wantErr)
			}
		}
	}
}
