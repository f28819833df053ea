package xmlstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/internal/leaktest"
)

func TestMain(m *testing.M) { leaktest.Main(m) }

// oneByteReader returns its data one byte per Read.
type oneByteReader struct{ data []byte }

func (r *oneByteReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = r.data[0]
	r.data = r.data[1:]
	return 1, nil
}

// mixedStream returns the recorded stream of testdata/mixed.xml.
func mixedStream(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile("testdata/mixed.xml")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// formatToken renders a token for comparisons: resolved names, attributes
// in document order, character data quoted.
func formatToken(t xml.Token) string {
	switch t := t.(type) {
	case xml.StartElement:
		var b strings.Builder
		fmt.Fprintf(&b, "<{%s}%s", t.Name.Space, t.Name.Local)
		for _, a := range t.Attr {
			fmt.Fprintf(&b, " {%s}%s=%q", a.Name.Space, a.Name.Local, a.Value)
		}
		b.WriteString(">")
		return b.String()
	case xml.EndElement:
		return fmt.Sprintf("</{%s}%s>", t.Name.Space, t.Name.Local)
	case xml.CharData:
		return fmt.Sprintf("%q", string(t))
	}
	return fmt.Sprintf("%T", t)
}

// readAll reads every top-level element of a fragment stream and returns
// their tokens, formatted.
func readAll(data []byte, lim Limits) ([]string, error) {
	d := NewDecoder(bytes.NewReader(data), lim)
	var out []string
	var el Element
	for {
		err := d.ReadElement(&el)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, elementTokens(&el)...)
	}
}

// elementTokens returns the formatted tokens of el.
func elementTokens(el *Element) []string {
	var out []string
	tr := el.Tokens()
	for {
		t, err := tr.Token()
		if err != nil {
			return out
		}
		out = append(out, formatToken(t))
	}
}

// errKind returns the kind of a decode error, or 0.
func errKind(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

func errorsIsUnexpectedEOF(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }
