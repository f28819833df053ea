package mam

import (
	"encoding/xml"
	"slices"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// PrefsName is the <prefs/> element of archiving preferences (XEP-0313
// §6 of urn:xmpp:mam:2).
var PrefsName = xml.Name{Space: NS, Local: "prefs"}

// Values of the default attribute of <prefs/>.
const (
	ArchiveAlways = "always" // archive every message
	ArchiveNever  = "never"  // archive none
	ArchiveRoster = "roster" // archive those with contacts in the roster
)

// MaxPrefsJIDs bounds the JIDs of <always/> and <never/> together.
const MaxPrefsJIDs = 1000

// Prefs are an account's archiving preferences: a default, and JIDs whose
// messages are always or never archived whatever the default (a bare JID
// covers its resources).
type Prefs struct {
	Default       string // "" means the archive's own default
	Always, Never []jid.JID
}

// Archives reports whether a message with with is archived: never wins
// over always, either over the default; "roster" archives the messages of
// contacts in the owner's roster. def is the default when p has none.
func (p Prefs) Archives(with jid.JID, inRoster bool, def string) bool {
	in := func(list []jid.JID) bool {
		return slices.ContainsFunc(list, func(j jid.JID) bool {
			return j == with || j.Resourcepart() == "" && j == with.Bare()
		})
	}
	switch {
	case in(p.Never):
		return false
	case in(p.Always):
		return true
	}
	if p.Default != "" {
		def = p.Default
	}
	switch def {
	case ArchiveAlways:
		return true
	case ArchiveRoster:
		return inRoster
	}
	return false
}

// WriteXML writes p as <prefs/>.
func (p Prefs) WriteXML(w xmlstream.Encoder) error {
	def := p.Default
	if def == "" {
		def = ArchiveAlways
	}
	list := func(local string, js []jid.JID) error {
		return w.Element(xml.Name{Space: NS, Local: local}, nil, func(w xmlstream.Encoder) error {
			for _, j := range js {
				if err := w.TextElement(xml.Name{Space: NS, Local: "jid"}, j.String()); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return w.Element(PrefsName, []xml.Attr{{Name: xml.Name{Local: "default"}, Value: def}}, func(w xmlstream.Encoder) error {
		if err := list("always", p.Always); err != nil {
			return err
		}
		return list("never", p.Never)
	})
}

// ParsePrefs reads a <prefs/> element. The default must be one of the
// three values; at most one <always/> and one <never/>, each of valid JIDs,
// MaxPrefsJIDs in all.
func ParsePrefs(el *xmlstream.Element) (Prefs, error) {
	if el.Name() != PrefsName {
		return Prefs{}, ErrInvalid
	}
	p := Prefs{Default: el.Attr("default")}
	switch p.Default {
	case ArchiveAlways, ArchiveNever, ArchiveRoster:
	default:
		return Prefs{}, ErrInvalid
	}
	var seenAlways, seenNever bool
	n := 0
	for c := range el.Children() {
		var dst *[]jid.JID
		switch c.Name() {
		case xml.Name{Space: NS, Local: "always"}:
			if seenAlways {
				return Prefs{}, ErrInvalid
			}
			seenAlways, dst = true, &p.Always
		case xml.Name{Space: NS, Local: "never"}:
			if seenNever {
				return Prefs{}, ErrInvalid
			}
			seenNever, dst = true, &p.Never
		default:
			continue
		}
		for j := range c.Children() {
			if j.Name() != (xml.Name{Space: NS, Local: "jid"}) {
				continue
			}
			if n++; n > MaxPrefsJIDs {
				return Prefs{}, ErrInvalid
			}
			parsed, err := jid.Parse(j.Text())
			if err != nil {
				return Prefs{}, ErrInvalid
			}
			*dst = append(*dst, parsed)
		}
	}
	return p, nil
}
