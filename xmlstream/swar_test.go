package xmlstream

import "testing"

// TestSkipPlain checks the word-at-a-time scans against the byte tables
// for every byte value at every position of a word.
func TestSkipPlain(t *testing.T) {
	for c := range 256 {
		for pos := range 20 {
			b := []byte("abcdefghijklmnopqrstuvwx")
			b[pos] = byte(c)
			wantText, wantAttr := len(b), len(b)
			if textSpecial[c] {
				wantText = pos
			}
			if attrSpecial[c] {
				wantAttr = pos
			}
			if got := skipPlainText(b, 0); got != wantText {
				t.Fatalf("skipPlainText with %#x at %d = %d, want %d", c, pos, got, wantText)
			}
			if got := skipPlainAttr(b, 0); got != wantAttr {
				t.Fatalf("skipPlainAttr with %#x at %d = %d, want %d", c, pos, got, wantAttr)
			}
		}
	}
}
