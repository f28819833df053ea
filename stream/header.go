package stream

import (
	"encoding/xml"
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// Header is the content of a stream header (RFC 6120 §4.7): the attributes
// of <stream:stream> and the content namespace it declares as default.
type Header struct {
	To, From jid.JID
	ID       string
	// Version is the XMPP version, "1.0" ([Version]) for RFC 6120 streams;
	// empty only on XEP-0114 component streams, which have none.
	Version string
	// Lang is the default xml:lang of the stream, e.g. "en".
	Lang string
	// NS is the content namespace: jabber:client, jabber:server or
	// jabber:component:accept. Empty when the header does not declare one.
	NS string
}

// streamName is the resolved name of the stream element.
var streamName = xml.Name{Space: NS, Local: "stream"}

// ReadHeader reads the XML declaration, if any, and the stream header from
// d (RFC 6120 §4.7). Every problem comes back as a stream error to send,
// wrapping its cause where there is one:
//   - the token layer's errors, mapped by [FromDecodeError];
//   - an element other than {http://etherx.jabber.org/streams}stream, or a
//     content namespace other than those of RFC 6120 and XEP-0114:
//     invalid-namespace;
//   - a 'to' that is not a valid JID: improper-addressing;
//   - a 'from' that is not a valid JID: invalid-from;
//   - a missing or malformed version, or a major version other than 1:
//     unsupported-version (component streams need no version).
//
// With the error, the Header holds what was read so far, so that the reply
// header can be written before the error. I/O errors are returned as they are.
func ReadHeader(d *xmlstream.Decoder) (Header, error) {
	return ReadHeaderKnowing(d)
}

// ReadHeaderKnowing is [ReadHeader] for a reader that knows the addresses
// the header is likely to carry (the previous header's, its own): an
// address written exactly as one of known is taken as that JID without
// parsing it again, since a normalised JID's string parses to the JID
// itself. Any other address is parsed and checked as ReadHeader does.
func ReadHeaderKnowing(d *xmlstream.Decoder, known ...jid.JID) (Header, error) {
	// The header is read into room on the stack and storage d lends it,
	// valid until d's next read: readAttrs copies what the Header keeps.
	var room xmlstream.HeaderRoom
	start, err := d.ReadStartInto(&room)
	if err != nil {
		if se, ok := FromDecodeError(err); ok {
			return Header{}, &se
		}
		return Header{}, err
	}
	ns, _ := d.LookupPrefix("")
	return headerFromStart(start, ns, known, true)
}

// headerFromStart checks the stream element's start tag, whose default
// namespace is ns, and reads its attributes, copying the strings it keeps
// when the start tag is lent.
func headerFromStart(start *xmlstream.Element, ns string, known []jid.JID, lent bool) (Header, error) {
	if start.Name() != streamName {
		return Header{}, &Error{Condition: InvalidNamespace.Condition,
			Text: "not a stream element in " + NS}
	}
	h := Header{NS: ns}
	if ns != "" && !supportedContentNS(ns) {
		return h, &Error{Condition: InvalidNamespace.Condition, Text: "unsupported content namespace"}
	}
	return h, h.readAttrs(start, known, lent)
}

// readAttrs reads and checks the attributes of a stream header or <open/>,
// taking an address written as one of known as that JID. The stanza
// attributes it shares (id, to, from, xml:lang) are read in one pass. The
// strings of a lent e are valid only until the next read: those h keeps
// are copied (see owned).
func (h *Header) readAttrs(e *xmlstream.Element, known []jid.JID, lent bool) error {
	a := e.StanzaAttrs()
	to, hasTo := a.To, a.Has&xmlstream.HasTo != 0
	from, hasFrom := a.From, a.Has&xmlstream.HasFrom != 0
	version, hasVersion := e.AttrNS("", "version")
	h.ID, h.Lang, h.Version = a.ID, a.Lang, version
	if lent {
		h.ID, h.Lang, h.Version = owned(a.ID), owned(a.Lang), owned(version)
	}
	var err error
	if h.To, err = parseAddr(to, hasTo, "to", ImproperAddressing, known, lent); err != nil {
		return err
	}
	if h.From, err = parseAddr(from, hasFrom, "from", InvalidFrom, known, lent); err != nil {
		return err
	}
	if !hasVersion && h.NS == nsComponent {
		return nil // XEP-0114 streams carry no version
	}
	if !supportedVersion(version) {
		return &Error{Condition: UnsupportedVersion.Condition, Text: "XMPP 1.x required"}
	}
	return nil
}

// parseAddr parses s, the value of the address attribute local if present;
// a bad one gives the stream error cond. One written as a known JID is
// that JID. A lent s is copied before it is parsed, since the JID may
// keep it.
func parseAddr(s string, present bool, local string, cond Error, known []jid.JID, lent bool) (jid.JID, error) {
	if !present {
		return jid.JID{}, nil
	}
	for _, k := range known {
		if s == k.String() && s != "" {
			return k, nil
		}
	}
	if lent {
		s = strings.Clone(s)
	}
	j, err := jid.Parse(s)
	if err != nil {
		return jid.JID{}, &Error{Condition: cond.Condition, Text: "invalid '" + local + "' address", cause: err}
	}
	return j, nil
}

// supportedVersion reports whether v is a version of the form
// major.minor (non-negative integers, leading zeros ignored, RFC 6120
// §4.7.5) with major version 1.
func supportedVersion(v string) bool {
	if v == "1.0" {
		return true // what every peer sends
	}
	dot := -1
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '.' && dot < 0:
			dot = i
		case c < '0' || c > '9':
			return false
		}
	}
	if dot <= 0 || dot == len(v)-1 {
		return false
	}
	major := v[:dot]
	for len(major) > 1 && major[0] == '0' {
		major = major[1:]
	}
	return major == "1"
}

// owned returns a copy of s, a value of a lent header, that stays valid:
// the values every peer sends (version 1.0, language en) without copying.
func owned(s string) string {
	switch s {
	case "":
		return ""
	case Version:
		return Version
	case "en":
		return "en"
	}
	return strings.Clone(s)
}
