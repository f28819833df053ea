package xmpp

import (
	"bytes"
	"strings"
	"testing"
)

// TestInterop_RawLogFormat: issue 18. The raw log shows the connection and
// the direction of every chunk, one element per line.
func TestInterop_RawLogFormat(t *testing.T) {
	tests := []struct {
		name  string
		read  bool
		chunk string
		want  string
	}{
		{"one element", false, "<presence/>", "C -> <presence/>\n"},
		{"elements in one chunk", true, "<message><body>a&lt;b</body></message><presence/>",
			"C <- <message>\nC <- <body>a&lt;b</body>\nC <- </message>\nC <- <presence/>\n"},
		{"line breaks kept, blank lines dropped", true, "<a>\r\n\n  <b/>\n</a>", "C <- <a>\nC <-   <b/>\nC <- </a>\n"},
		{"keepalive", false, " ", "C -> \" \"\n"},
		{"newline keepalive", true, "\n", "C <- \"\\n\"\n"},
		{"text split by the transport", true, "<body>hel", "C <- <body>hel\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			l := newRawLog(&out)
			w := l.writer()
			if tt.read {
				w = l.reader()
			}
			if n, err := w.Write([]byte(tt.chunk)); n != len(tt.chunk) || err != nil {
				t.Fatalf("Write = %d, %v", n, err)
			}
			id := strings.TrimSuffix(string(l.in), " <- ")
			if got := strings.ReplaceAll(out.String(), id+" ", "C "); got != tt.want {
				t.Errorf("logged %q, want %q", got, tt.want)
			}
		})
	}
	a, b := newRawLog(nil), newRawLog(nil)
	if bytes.Equal(a.in, b.in) || !bytes.HasPrefix(a.out, []byte("C")) {
		t.Errorf("connection ids %q and %q", a.in, b.in)
	}
}

func BenchmarkRawLog(b *testing.B) {
	var out bytes.Buffer
	w := newRawLog(&out).writer()
	chunk := []byte("<message to='romeo@example.net' type='chat'><body>hello</body></message>")
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		_, _ = w.Write(chunk)
	}
}

// FuzzRawLog checks that any chunk a peer sends is logged as prefixed lines
// that keep every byte other than line breaks and edge white space.
func FuzzRawLog(f *testing.F) {
	for _, s := range []string{"<a><b/></a>", " ", "\n\n", "<a>\r\n</a>", "><><", "text<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, chunk string) {
		if chunk == "" {
			return
		}
		out := string(appendRaw(nil, []byte("C1 <- "), []byte(chunk)))
		if !strings.HasSuffix(out, "\n") {
			t.Fatalf("%q logged without a final line break: %q", chunk, out)
		}
		var kept strings.Builder
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			rest, ok := strings.CutPrefix(line, "C1 <- ")
			if !ok {
				t.Fatalf("%q: line %q without the prefix", chunk, line)
			}
			kept.WriteString(rest)
		}
		if strings.Trim(chunk, " \t\r\n") == "" {
			return
		}
		squeeze := func(s string) string { // bytewise: the chunk need not be UTF-8
			b := []byte(s)
			out := b[:0]
			for _, c := range b {
				if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
					out = append(out, c)
				}
			}
			return string(out)
		}
		if squeeze(kept.String()) != squeeze(chunk) {
			t.Fatalf("%q logged as %q", chunk, out)
		}
	})
}
