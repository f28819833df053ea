package xmlstream

import (
	"bytes"
	"encoding/xml"
	"io"
	"runtime"
	"testing"
)

// readStream decodes a whole recorded stream and returns the number of
// top-level elements.
func readStream(d *Decoder, el *Element) (int, error) {
	if _, err := d.ReadStart(); err != nil {
		return 0, err
	}
	n := 0
	for {
		switch err := d.ReadElement(el); err {
		case nil:
			n++
		case ErrStreamEnd:
			return n, nil
		default:
			return n, err
		}
	}
}

func BenchmarkTokenizer(b *testing.B) {
	data := mixedStream(b)
	r := bytes.NewReader(data)
	d := NewDecoder(r, Limits{})
	var el Element
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(data)
		d.Reset(r)
		if _, err := readStream(d, &el); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodingXML(b *testing.B) {
	data := mixedStream(b)
	r := bytes.NewReader(data)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r.Reset(data)
		d := xml.NewDecoder(r)
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkReadElement reports allocations per stanza in steady state.
func BenchmarkReadElement(b *testing.B) {
	data := mixedStream(b)
	r := bytes.NewReader(data)
	d := NewDecoder(r, Limits{})
	var el Element
	stanzas, err := readStream(d, &el)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		r.Reset(data)
		d.Reset(r)
		if _, err := readStream(d, &el); err != nil {
			b.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	perStanza := float64(b.N * stanzas)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/perStanza, "ns/stanza")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/perStanza, "allocs/stanza")
}

// BenchmarkWriter re-encodes the stanzas of the recorded stream.
func BenchmarkWriter(b *testing.B) {
	data := mixedStream(b)
	d := NewDecoder(bytes.NewReader(data), Limits{})
	if _, err := d.ReadStart(); err != nil {
		b.Fatal(err)
	}
	var stanzas []*Element
	var el Element
	for d.ReadElement(&el) == nil {
		stanzas = append(stanzas, el.Clone())
	}
	w := NewWriter(io.Discard)
	w.SetDefaultNS("jabber:client")
	var n int64
	for _, s := range stanzas {
		n += int64(s.Size())
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range stanzas {
			if err := s.WriteXML(w.Encoder()); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriterMessage writes the message of the standard workload.
func BenchmarkWriterMessage(b *testing.B) {
	w := NewWriter(io.Discard)
	w.SetDefaultNS("jabber:client")
	msg, body := xml.Name{Space: "jabber:client", Local: "message"}, xml.Name{Space: "jabber:client", Local: "body"}
	attrs := []xml.Attr{
		{Name: xml.Name{Local: "type"}, Value: "chat"},
		{Name: xml.Name{Local: "to"}, Value: "b@example.net/bench"},
		{Name: xml.Name{Local: "id"}, Value: "0123456789abcdef"},
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = w.Start(msg, attrs...)
		_ = w.Start(body)
		_ = w.Text("hello")
		_ = w.End()
		if err := w.End(); err != nil {
			b.Fatal(err)
		}
	}
	_ = w.Flush()
}
