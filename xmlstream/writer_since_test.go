package xmlstream

import (
	"bytes"
	"strings"
	"testing"
)

func TestSince(t *testing.T) {
	tests := []struct {
		name   string
		before string // buffered before the mark
		write  string // written after it
		ok     bool
	}{
		{"empty", "", "", true},
		{"after nothing", "", "<a/>", true},
		{"after buffered", "<x/>", "<a/>", true},
		{"flushed", "<x/>", "<a>" + strings.Repeat("y", flushAt) + "</a>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			w := NewWriter(&out)
			if err := w.WriteRaw([]byte(tt.before)); err != nil {
				t.Fatal(err)
			}
			m := w.Mark()
			if err := w.WriteRaw([]byte(tt.write)); err != nil {
				t.Fatal(err)
			}
			got, ok := w.Since(m)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if ok && string(got) != tt.write {
				t.Fatalf("Since = %q, want %q", got, tt.write)
			}
		})
	}
}
