package xmlstream

import (
	"errors"
	"strings"
	"testing"
)

const xmlDecl = `<?xml version='1.0'?>`

// TestBadInput_RestartWhitespaceBeforeDecl: each stream restart begins a
// new document, so white space left from the old stream may come before
// the new XML declaration; on a fresh input it may not.
func TestBadInput_RestartWhitespaceBeforeDecl(t *testing.T) {
	tests := []struct {
		name    string
		restart bool   // Restart after a first stream (else Reset)
		before  string // what precedes the new declaration
		wantErr ErrorKind
	}{
		{"restart, no space", true, "", 0},
		{"restart, newline", true, "\n", 0},
		{"restart, spaces and tabs", true, " \t\r\n ", 0},
		{"reset, no space", false, "", 0},
		{"reset, space", false, " ", RestrictedXML},
		{"restart, text", true, "x", NotWellFormed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			second := tt.before + xmlDecl + strings.TrimPrefix(header, xmlDecl) + `<d/>`
			var d *Decoder
			if tt.restart {
				d = NewDecoder(strings.NewReader(header+`<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>`+second), Limits{})
				if _, err := d.ReadStart(); err != nil {
					t.Fatal(err)
				}
				var el Element
				if err := d.ReadElement(&el); err != nil {
					t.Fatal(err)
				}
				d.Restart()
			} else {
				d = NewDecoder(strings.NewReader(second), Limits{})
			}
			_, err := d.ReadStart()
			if tt.wantErr == 0 {
				if err != nil {
					t.Fatalf("ReadStart: %v", err)
				}
				return
			}
			var xe *Error
			if !errors.As(err, &xe) || xe.Kind != tt.wantErr {
				t.Fatalf("ReadStart: %v, want kind %v", err, tt.wantErr)
			}
		})
	}
}

func TestSkipBufferedSpace(t *testing.T) {
	tests := []struct {
		name  string
		after string // bytes in the same read as the element
		want  int
	}{
		{"nothing", "", 0},
		{"newline", "\n", 0},
		{"spaces", " \t\r\n", 0},
		{"data", "<x/>", 4},
		{"space then data", " <x/>", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(header+`<proceed/>`+tt.after), Limits{})
			if _, err := d.ReadStart(); err != nil {
				t.Fatal(err)
			}
			var el Element
			if err := d.ReadElement(&el); err != nil {
				t.Fatal(err)
			}
			if got := d.SkipBufferedSpace(); got != tt.want {
				t.Fatalf("SkipBufferedSpace = %d, want %d", got, tt.want)
			}
			if got := d.Buffered(); got != tt.want {
				t.Fatalf("Buffered = %d after skipping, want %d", got, tt.want)
			}
		})
	}
}
