package syncio

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/canto-im/xmpp/internal/leaktest"
)

func TestMain(m *testing.M) { leaktest.Main(m) }

// slowWriter writes p one byte at a time, so that unserialised writers
// would interleave (and race, which -race reports).
type slowWriter struct{ buf bytes.Buffer }

func (s *slowWriter) Write(p []byte) (int, error) {
	for _, c := range p {
		s.buf.WriteByte(c)
	}
	return len(p), nil
}

func TestWritesStayWhole(t *testing.T) {
	tests := []struct {
		name    string
		writers int
		msg     string
	}{
		{"one writer", 1, "<a/>"},
		{"many writers", 8, "<message><body>hello</body></message>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := &slowWriter{}
			w := NewWriter(dst)
			const each = 100
			var wg sync.WaitGroup
			for range tt.writers {
				wg.Go(func() {
					for range each {
						if n, err := w.Write([]byte(tt.msg)); err != nil || n != len(tt.msg) {
							t.Errorf("Write = %d, %v", n, err)
						}
					}
				})
			}
			wg.Wait()
			want := strings.Repeat(tt.msg, tt.writers*each)
			if got := dst.buf.String(); got != want {
				t.Errorf("writes interleaved: %d bytes, want %d", len(got), len(want))
			}
		})
	}
}
