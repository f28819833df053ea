package xmlstream

// MarshalerFunc adapts a function to [Marshaler], as http.HandlerFunc does
// for handlers; for example MarshalerFunc(iq.WriteEmpty).
type MarshalerFunc func(e Encoder) error

// WriteXML calls f(e).
func (f MarshalerFunc) WriteXML(e Encoder) error { return f(e) }
