package xmlstream

import (
	"strings"
	"testing"
)

// TestEndTagWord holds end tags, which a name of under 8 bytes without
// prefix is compared with as one word, to the start tag's name: names of
// 1 to 9 bytes, the end tag with each byte of the name changed, cut short,
// lengthened, or with white space before '>', in a buffer long enough for
// the word, and at the end of the input (the word then reaches past it).
func TestEndTagWord(t *testing.T) {
	pad := strings.Repeat("<p/>", 4)
	for n := 1; n <= 9; n++ {
		name := "abcdefghi"[:n]
		check := func(end string, ok bool) {
			t.Helper()
			for _, after := range []string{pad, ""} {
				_, err := readAll([]byte("<"+name+">"+end+after), Limits{})
				if (err == nil) != ok {
					t.Fatalf("<%s>%s%s: error %v, want ok %v", name, end, after, err, ok)
				}
			}
		}
		check("</"+name+">", true)
		check("</"+name+" >", true)
		check("</"+name+"x>", false)
		check("</"+name[:n-1]+">", false)
		check("</"+name, false)
		for i := range n {
			b := []byte(name)
			b[i] = 'z'
			check("</"+string(b)+">", false)
		}
	}
}
