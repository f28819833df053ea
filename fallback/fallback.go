package fallback

import (
	"encoding/xml"
	"errors"
	"strconv"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0428; Name, its <fallback/> element.
const NS = "urn:xmpp:fallback:0"

var Name = xml.Name{Space: NS, Local: "fallback"}

// Errors Parse and WriteXML give.
var (
	ErrNotFallback = errors.New("fallback: not a <fallback xmlns='urn:xmpp:fallback:0'/>")
	// ErrBadRegion refuses a region with only one of start and end, a
	// value that is not an unsigned integer, or end not after start.
	ErrBadRegion = errors.New("fallback: bad region (start and end must both be set, end after start)")
)

// MaxRegions bounds the regions Parse accepts in one <fallback/>, since a
// peer chooses how many it sends.
const MaxRegions = 64

// Region is a part of a <body/> or <subject/>: code points Start up to,
// not including, End (XEP-0426). The zero Region (End 0) is the whole
// element, written without start and end.
type Region struct{ Start, End int }

// Whole reports whether r covers the whole element.
func (r Region) Whole() bool { return r.End == 0 }

// Fallback is the <fallback/> element.
type Fallback struct {
	// For is the namespace of the extension the fallback stands in for
	// ("urn:xmpp:reply:0"); "" writes no 'for'.
	For string
	// Bodies and Subjects are the fallback parts of the message's body and
	// subject. Both empty means every body and subject is a fallback.
	Bodies, Subjects []Region
}

var (
	bodyName    = xml.Name{Space: NS, Local: "body"}
	subjectName = xml.Name{Space: NS, Local: "subject"}
)

// WriteXML writes f. A region with End not after Start (but not the whole
// element) gives ErrBadRegion.
func (f Fallback) WriteXML(e xmlstream.Encoder) error {
	for _, rs := range [][]Region{f.Bodies, f.Subjects} {
		for _, r := range rs {
			if !r.Whole() && (r.Start < 0 || r.End <= r.Start) {
				return ErrBadRegion
			}
		}
	}
	var a [1]xml.Attr
	attr := a[:0]
	if f.For != "" {
		attr = append(attr, xml.Attr{Name: xml.Name{Local: "for"}, Value: f.For})
	}
	return e.Element(Name, attr, func(e xmlstream.Encoder) error {
		if err := writeRegions(e, subjectName, f.Subjects); err != nil {
			return err
		}
		return writeRegions(e, bodyName, f.Bodies)
	})
}

func writeRegions(e xmlstream.Encoder, name xml.Name, rs []Region) error {
	for _, r := range rs {
		if r.Whole() {
			if err := e.EmptyElement(name); err != nil {
				return err
			}
			continue
		}
		if err := e.EmptyElement(name,
			xml.Attr{Name: xml.Name{Local: "start"}, Value: strconv.Itoa(r.Start)},
			xml.Attr{Name: xml.Name{Local: "end"}, Value: strconv.Itoa(r.End)}); err != nil {
			return err
		}
	}
	return nil
}

// Parse reads a <fallback/> element. Children in other namespaces are
// ignored; more than MaxRegions regions, or a bad one, is an error.
func Parse(el *xmlstream.Element) (Fallback, error) {
	if el.Name() != Name {
		return Fallback{}, ErrNotFallback
	}
	f := Fallback{For: el.Attr("for")}
	n := 0
	for c := range el.Children() {
		var dst *[]Region
		switch c.Name() {
		case bodyName:
			dst = &f.Bodies
		case subjectName:
			dst = &f.Subjects
		default:
			continue
		}
		if n++; n > MaxRegions {
			return Fallback{}, ErrBadRegion
		}
		r, err := parseRegion(c)
		if err != nil {
			return Fallback{}, err
		}
		*dst = append(*dst, r)
	}
	return f, nil
}

// maxOffset bounds start and end: no message body has more code points
// than a stanza has bytes, and it keeps arithmetic far from overflow.
const maxOffset = 1 << 30

func parseRegion(el *xmlstream.Element) (Region, error) {
	s, hasStart := el.AttrNS("", "start")
	e, hasEnd := el.AttrNS("", "end")
	if !hasStart && !hasEnd {
		return Region{}, nil
	}
	if !hasStart || !hasEnd {
		return Region{}, ErrBadRegion
	}
	start, err1 := strconv.ParseUint(s, 10, 32)
	end, err2 := strconv.ParseUint(e, 10, 32)
	if err1 != nil || err2 != nil || end <= start || end > maxOffset {
		return Region{}, ErrBadRegion
	}
	return Region{Start: int(start), End: int(end)}, nil
}
