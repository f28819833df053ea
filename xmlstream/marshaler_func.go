package xmlstream

// MarshalerFunc adapts a function to [Marshaler], as http.HandlerFunc does
// for handlers; for example MarshalerFunc(iq.WriteEmpty).
type MarshalerFunc func(w *Writer) error

// WriteXML calls f(w).
func (f MarshalerFunc) WriteXML(w *Writer) error { return f(w) }
