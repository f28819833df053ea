package delay

import (
	"encoding/xml"
	"errors"
	"fmt"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xtime"
)

// NS is the namespace of XEP-0203.
const NS = "urn:xmpp:delay"

// Name is the name of the <delay/> element.
var Name = xml.Name{Space: NS, Local: "delay"}

// Errors for a <delay/> element that cannot be read.
var (
	ErrNotDelay = errors.New("delay: not a urn:xmpp:delay <delay/> element")
	ErrNoStamp  = errors.New("delay: <delay/> without a stamp")
	ErrBadFrom  = errors.New("delay: invalid 'from' address")
)

// Delay is the <delay/> element (XEP-0203 §2).
type Delay struct {
	// Stamp is when the stanza was originally sent; required.
	Stamp time.Time
	// From is the entity that delayed the stanza or originally sent it;
	// the zero JID omits the attribute.
	From jid.JID
	// Reason is a description of the delay for people; empty for none.
	Reason string
}

// WriteXML writes d. The stamp is written in UTC; a zero stamp is refused.
func (d Delay) WriteXML(w xmlstream.Encoder) error {
	if d.Stamp.IsZero() {
		return ErrNoStamp
	}
	var buf [2]xml.Attr
	attrs := buf[:0]
	if !d.From.IsZero() {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "from"}, Value: d.From.String()})
	}
	attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "stamp"}, Value: xtime.FormatDateTime(d.Stamp)})
	return w.TextElement(Name, d.Reason, attrs...)
}

// Parse reads a <delay/> element. The stamp is required and returned in
// UTC; a from that is present must be a valid JID.
func Parse(el *xmlstream.Element) (Delay, error) {
	if el.Name() != Name {
		return Delay{}, ErrNotDelay
	}
	stamp, ok := el.AttrNS("", "stamp")
	if !ok {
		return Delay{}, ErrNoStamp
	}
	t, err := xtime.ParseDateTime(stamp)
	if err != nil {
		return Delay{}, fmt.Errorf("delay: stamp: %w", err)
	}
	d := Delay{Stamp: t.UTC(), Reason: el.Text()}
	if from, ok := el.AttrNS("", "from"); ok {
		if d.From, err = jid.Parse(from); err != nil {
			return Delay{}, fmt.Errorf("%w: %w", ErrBadFrom, err)
		}
	}
	return d, nil
}

// Find returns the first <delay/> child of the stanza st. ok is false when
// there is none; a delay that is present but malformed is an error.
func Find(st *xmlstream.Element) (d Delay, ok bool, err error) {
	el, ok := st.Child(NS, "delay")
	if !ok {
		return Delay{}, false, nil
	}
	d, err = Parse(el)
	return d, err == nil, err
}
