package stream

import (
	"encoding/xml"
	"iter"

	"github.com/canto-im/xmpp/xmlstream"
)

// featuresName is the resolved name of <stream:features/>.
var featuresName = xml.Name{Space: NS, Local: "features"}

// Features holds the stream features a receiving entity offered in
// <stream:features/> (RFC 6120 §4.3.2), each kept as its own element for
// the code of that feature to read. The zero Features offers nothing.
// A Features is not modified after ParseFeatures and is safe to share.
type Features struct {
	// first is the first feature offered (nil when none), kept apart so
	// that the usual offer of one feature needs no slice.
	first *xmlstream.Element
	rest  []*xmlstream.Element // the others, in order
}

// ParseFeatures reads a received <stream:features/> element, copying each
// child; any other element gives ErrUnexpectedElement.
func ParseFeatures(e *xmlstream.Element) (Features, error) {
	if e.Name() != featuresName {
		return Features{}, ErrUnexpectedElement
	}
	var f Features
	for c := range e.Children() {
		if f.first == nil {
			f.first = c.Clone()
		} else {
			f.rest = append(f.rest, c.Clone())
		}
	}
	return f, nil
}

// Len returns the number of features offered.
func (f Features) Len() int {
	if f.first == nil {
		return 0
	}
	return 1 + len(f.rest)
}

// All yields the offered features in the order they were offered.
func (f Features) All() iter.Seq[*xmlstream.Element] {
	return func(yield func(*xmlstream.Element) bool) {
		if f.first == nil || !yield(f.first) {
			return
		}
		for _, e := range f.rest {
			if !yield(e) {
				return
			}
		}
	}
}

// Names returns the names of the offered features, in order.
func (f Features) Names() []xml.Name {
	names := make([]xml.Name, 0, f.Len())
	for e := range f.All() {
		names = append(names, e.Name())
	}
	return names
}

// Lookup returns the first offered feature with the given namespace and
// local name, e.g. Lookup("urn:ietf:params:xml:ns:xmpp-tls", "starttls").
func (f Features) Lookup(space, local string) (*xmlstream.Element, bool) {
	if f.first == nil {
		return nil, false
	}
	if n := f.first.Name(); n.Local == local && n.Space == space {
		return f.first, true
	}
	for _, e := range f.rest {
		if n := e.Name(); n.Local == local && n.Space == space {
			return e, true
		}
	}
	return nil, false
}

// Has reports whether a feature with the given name is offered.
func (f Features) Has(space, local string) bool {
	_, ok := f.Lookup(space, local)
	return ok
}

// Required reports whether the feature with the given name is offered and
// marked mandatory-to-negotiate (see [IsRequired]).
func (f Features) Required(space, local string) bool {
	e, ok := f.Lookup(space, local)
	return ok && IsRequired(e)
}

// IsRequired reports whether the feature element has a <required/> child in
// its own namespace, which marks it mandatory-to-negotiate (RFC 6120 §4.3.2).
func IsRequired(feature *xmlstream.Element) bool {
	_, ok := feature.Child(feature.Name().Space, "required")
	return ok
}

// WriteFeatures writes a <stream:features/> element holding the given
// features in order. The element takes the stream: prefix when the writer
// has it bound (as [Header.WriteStart] does), and declares its namespace
// otherwise (as on WebSocket connections).
func WriteFeatures(w xmlstream.Encoder, features ...xmlstream.Marshaler) error {
	if err := w.Start(featuresName); err != nil {
		return err
	}
	for _, f := range features {
		if err := f.WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}
