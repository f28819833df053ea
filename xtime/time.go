package xtime

import (
	"encoding/xml"
	"errors"
	"time"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0202 entity time.
const NS = "urn:xmpp:time"

// Name is the name of the <time/> element.
var Name = xml.Name{Space: NS, Local: "time"}

// Errors for a <time/> element that is not a valid answer.
var (
	ErrNotTime     = errors.New("xtime: not a urn:xmpp:time <time/> element")
	ErrMissingTime = errors.New("xtime: <time/> without <tzo/> or <utc/>")
)

// Time is the <time/> payload of an entity time result (XEP-0202 §2): the
// responding entity's clock in UTC and its offset from UTC.
type Time struct {
	UTC time.Time     // the entity's clock; written in UTC
	TZO time.Duration // the entity's zone offset east of UTC, to the minute
}

// FromTime returns the Time that describes t: its instant and its zone's
// offset.
func FromTime(t time.Time) Time {
	_, off := t.Zone()
	return Time{UTC: t.UTC(), TZO: time.Duration(off) * time.Second}
}

// Time returns the entity's clock in its own zone, a fixed zone at TZO.
func (t Time) Time() time.Time {
	if t.TZO == 0 {
		return t.UTC.UTC()
	}
	return t.UTC.In(time.FixedZone("", int(t.TZO/time.Second)))
}

// WriteXML writes t as <time xmlns='urn:xmpp:time'><tzo/><utc/></time>.
func (t Time) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(Name); err != nil {
		return err
	}
	if err := w.TextElement(xml.Name{Space: NS, Local: "tzo"}, FormatTZD(t.TZO)); err != nil {
		return err
	}
	if err := w.TextElement(xml.Name{Space: NS, Local: "utc"}, FormatDateTime(t.UTC)); err != nil {
		return err
	}
	return w.End()
}

// Parse reads a <time/> element of a result. Both children are required
// (XEP-0202 §2); utc must be a DateTime, tzo a TZD.
func Parse(el *xmlstream.Element) (Time, error) {
	if el.Name() != Name {
		return Time{}, ErrNotTime
	}
	tzo, ok1 := el.Child(NS, "tzo")
	utc, ok2 := el.Child(NS, "utc")
	if !ok1 || !ok2 {
		return Time{}, ErrMissingTime
	}
	off, err := ParseTZD(tzo.Text())
	if err != nil {
		return Time{}, err
	}
	t, err := ParseDateTime(utc.Text())
	if err != nil {
		return Time{}, err
	}
	return Time{UTC: t.UTC(), TZO: off}, nil
}

// request is the empty <time/> of a query.
type request struct{}

func (request) WriteXML(w xmlstream.Encoder) error { return w.EmptyElement(Name) }
