package forward

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/delay"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0297.
const NS = "urn:xmpp:forward:0"

// Name is the name of the <forwarded/> element.
var Name = xml.Name{Space: NS, Local: "forwarded"}

// Errors for a <forwarded/> element that cannot be read or written.
var (
	ErrNotForwarded  = errors.New("forward: not a urn:xmpp:forward:0 <forwarded/> element")
	ErrNoStanza      = errors.New("forward: <forwarded/> without a stanza")
	ErrManyStanzas   = errors.New("forward: <forwarded/> with more than one stanza")
	ErrManyDelays    = errors.New("forward: <forwarded/> with more than one <delay/>")
	ErrStanzaMissing = errors.New("forward: Forwarded.Stanza is nil or not a stanza")
)

// Forwarded is the <forwarded/> element (XEP-0297 §3).
type Forwarded struct {
	// Delay is when the forwarder received the stanza; nil for none.
	Delay *delay.Delay
	// Stanza is the forwarded message, presence or iq, in a content
	// namespace (jabber:client, jabber:server). From [Parse] it is a view
	// into the parsed element, valid as long as that element is; Clone it
	// to keep it.
	Stanza *xmlstream.Element
}

// WriteXML writes f: the delay, then the stanza in its own namespace.
func (f Forwarded) WriteXML(w xmlstream.Encoder) error {
	if f.Stanza == nil {
		return ErrStanzaMissing
	}
	if _, ok := stanza.KindOf(f.Stanza.Name()); !ok {
		return ErrStanzaMissing
	}
	if err := w.Start(Name); err != nil {
		return err
	}
	if f.Delay != nil {
		if err := f.Delay.WriteXML(w); err != nil {
			return err
		}
	}
	if err := f.Stanza.WriteXML(w); err != nil {
		return err
	}
	return w.End()
}

// Parse reads a <forwarded/> element: exactly one stanza (a message,
// presence or iq in a content namespace) and at most one delay. Children
// of other namespaces are ignored.
func Parse(el *xmlstream.Element) (Forwarded, error) {
	if el.Name() != Name {
		return Forwarded{}, ErrNotForwarded
	}
	var f Forwarded
	for c := range el.Children() {
		if err := f.addChild(c); err != nil {
			return Forwarded{}, err
		}
	}
	if f.Stanza == nil {
		return Forwarded{}, ErrNoStanza
	}
	return f, nil
}

// addChild takes c into f if it is the stanza or the delay.
func (f *Forwarded) addChild(c *xmlstream.Element) error {
	name := c.Name()
	if name == delay.Name {
		if f.Delay != nil {
			return ErrManyDelays
		}
		d, err := delay.Parse(c)
		if err != nil {
			return err
		}
		f.Delay = &d
		return nil
	}
	if _, ok := stanza.KindOf(name); !ok {
		return nil
	}
	if f.Stanza != nil {
		return ErrManyStanzas
	}
	f.Stanza = c
	return nil
}

// Header parses the header of the forwarded stanza: its kind, type, id and
// addresses, as claimed by the forwarder.
func (f Forwarded) Header() (stanza.Header, error) {
	if f.Stanza == nil {
		return stanza.Header{}, ErrStanzaMissing
	}
	return stanza.ParseHeader(f.Stanza)
}
