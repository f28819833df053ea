package xmlstream

import "encoding/xml"

// Encoder is the narrow view of a [Writer] that a [Marshaler] receives: it
// writes elements and text, and nothing else. It cannot flush, reset,
// redirect or write raw bytes, so a marshaler cannot break the stream it
// writes into. An Encoder is a small value; copying it is free.
type Encoder struct{ w *Writer }

// Encoder returns the narrow view of w given to marshalers.
func (w *Writer) Encoder() Encoder { return Encoder{w} }

// Start opens an element (see [Writer.Start]).
func (e Encoder) Start(name xml.Name, attr ...xml.Attr) error { return e.w.Start(name, attr...) }

// StartResolved opens an element whose namespaces are already resolved (see
// [Writer.StartResolved]).
func (e Encoder) StartResolved(name xml.Name, attr ...xml.Attr) error {
	return e.w.StartResolved(name, attr...)
}

// StartResolvedAttrs opens an element in the inherited namespace with
// attributes already resolved (see [Writer.StartResolvedAttrs]).
func (e Encoder) StartResolvedAttrs(name xml.Name, attr ...xml.Attr) error {
	return e.w.StartResolvedAttrs(name, attr...)
}

// StartStanza opens a stanza with the attributes of a (see
// [Writer.StartStanza]).
func (e Encoder) StartStanza(name xml.Name, a *StanzaAttrs) error { return e.w.StartStanza(name, a) }

// EmptyStanza writes a stanza without content with the attributes of a
// (see [Writer.EmptyStanza]).
func (e Encoder) EmptyStanza(name xml.Name, a *StanzaAttrs) error { return e.w.EmptyStanza(name, a) }

// Text writes escaped character data inside the open element.
func (e Encoder) Text(s string) error { return e.w.Text(s) }

// End closes the innermost open element.
func (e Encoder) End() error { return e.w.End() }

// Depth returns the number of elements open (see [Writer.Depth]): 0 for a
// top-level element about to start.
func (e Encoder) Depth() int { return e.w.Depth() }

// EncodeToken writes one token (see [Writer.EncodeToken]).
func (e Encoder) EncodeToken(t xml.Token) error { return e.w.EncodeToken(t) }

// Copy writes every token of r (see [Writer.Copy]).
func (e Encoder) Copy(r xml.TokenReader) error { return e.w.Copy(r) }

// Encode writes v: a [Marshaler] writes itself, anything else goes through
// encoding/xml, the slow path (see [Writer.Encode]).
func (e Encoder) Encode(v any) error { return e.w.Encode(v) }

// Marshal writes m.
func (e Encoder) Marshal(m Marshaler) error { return m.WriteXML(e) }
