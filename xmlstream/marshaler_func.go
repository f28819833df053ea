package xmlstream

// MarshalerFunc adapts a function to [Marshaler], as http.HandlerFunc does
// for handlers; for example MarshalerFunc(iq.WriteEmpty).
type MarshalerFunc func(e Encoder) error

// WriteXML calls f(e).
func (f MarshalerFunc) WriteXML(e Encoder) error { return f(e) }

// Struct returns a Marshaler that writes v through encoding/xml: a Go value
// with xml struct tags, such as a struct embedding stanza.Message with a
// Body field. It is the slow path (encoding/xml allocates for every element,
// and its output is decoded again to be written with the namespaces in
// scope); write a Marshaler for anything sent often. A v that is itself a
// Marshaler writes itself.
func Struct(v any) Marshaler { return structMarshaler{v} }

type structMarshaler struct{ v any }

func (s structMarshaler) WriteXML(e Encoder) error { return e.w.Encode(s.v) }
