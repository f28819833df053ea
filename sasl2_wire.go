package xmpp

import (
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"

	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmlstream"
)

// NSSASL2 is the namespace of the Extensible SASL Profile (XEP-0388).
const NSSASL2 = "urn:xmpp:sasl:2"

var authenticationName = xml.Name{Space: NSSASL2, Local: "authentication"}

func sasl2Name(local string) xml.Name { return xml.Name{Space: NSSASL2, Local: local} }

// UserAgent describes the client installation to the server (XEP-0388
// §Initiation). The server may derive stable resources from ID and shows
// Software and Device to the account's owner only.
type UserAgent struct {
	// ID is a stable UUID (version 4) that the application creates once
	// per installation and keeps. FAST tokens are bound to it. Empty
	// sends no id (and FAST is not used).
	ID string
	// Software names the client software, such as "Canto CLI". Empty
	// leaves it out.
	Software string
	// Device describes the device, such as "Juliet's laptop". Empty
	// leaves it out.
	Device string
}

// maxUserAgentText bounds <software/> and <device/> as read by a server.
const maxUserAgentText = 256

// validUUID reports whether s is a UUID in its text form (8-4-4-4-12 hex).
func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

func (u UserAgent) WriteXML(w xmlstream.Encoder) error {
	var attrs []xml.Attr
	if u.ID != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "id"}, Value: u.ID})
	}
	if err := w.Start(sasl2Name("user-agent"), attrs...); err != nil {
		return err
	}
	if u.Software != "" {
		if err := w.TextElement(sasl2Name("software"), u.Software); err != nil {
			return err
		}
	}
	if u.Device != "" {
		if err := w.TextElement(sasl2Name("device"), u.Device); err != nil {
			return err
		}
	}
	return w.End()
}

// parseUserAgent reads <user-agent/>; a malformed one is an error.
func parseUserAgent(el *xmlstream.Element) (UserAgent, error) {
	u := UserAgent{ID: el.Attr("id")}
	if u.ID != "" && !validUUID(u.ID) {
		return UserAgent{}, errors.New("user-agent id is not a UUID")
	}
	if c, ok := el.Child(NSSASL2, "software"); ok {
		u.Software = c.Text()
	}
	if c, ok := el.Child(NSSASL2, "device"); ok {
		u.Device = c.Text()
	}
	if len(u.Software) > maxUserAgentText || len(u.Device) > maxUserAgentText {
		return UserAgent{}, errors.New("user-agent text too long")
	}
	return u, nil
}

// sasl2Data writes an element of base64 SASL data; with present false
// it writes nothing (XEP-0388 §Data Encoding: absent data is no element,
// empty data is an empty element).
type sasl2Data struct {
	name    string
	data    []byte
	present bool
}

func (d sasl2Data) WriteXML(w xmlstream.Encoder) error {
	if !d.present {
		return nil
	}
	if err := w.Start(sasl2Name(d.name)); err != nil {
		return err
	}
	if len(d.data) > 0 {
		if err := w.Text(base64.StdEncoding.EncodeToString(d.data)); err != nil {
			return err
		}
	}
	return w.End()
}

// decodeSASL2 decodes the base64 content of a SASL2 data element. White
// space around the text is tolerated (the examples of XEP-0388 indent it).
func decodeSASL2(el *xmlstream.Element) ([]byte, error) {
	text := strings.TrimSpace(el.Text())
	if text == "" {
		return []byte{}, nil
	}
	if base64.StdEncoding.DecodedLen(len(text)) > sasl.MaxMessageSize+3 {
		return nil, fmt.Errorf("%w: message too long", sasl.ErrMalformedRequest)
	}
	data, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, sasl.ErrIncorrectEncoding
	}
	return data, nil
}

// childData decodes the named data child of el: nil, false when absent.
func childData(el *xmlstream.Element, local string) ([]byte, bool, error) {
	c, ok := el.Child(NSSASL2, local)
	if !ok {
		return nil, false, nil
	}
	d, err := decodeSASL2(c)
	return d, true, err
}

// authenticateRequest is the client's <authenticate/>.
type authenticateRequest struct {
	mechanism string
	initial   []byte
	hasInit   bool
	agent     UserAgent
	extra     []xmlstream.Marshaler // inline requests
}

func (r authenticateRequest) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(sasl2Name("authenticate"), xml.Attr{Name: xml.Name{Local: "mechanism"}, Value: r.mechanism}); err != nil {
		return err
	}
	if err := (sasl2Data{name: "initial-response", data: r.initial, present: r.hasInit}).WriteXML(w); err != nil {
		return err
	}
	if r.agent != (UserAgent{}) {
		if err := r.agent.WriteXML(w); err != nil {
			return err
		}
	}
	for _, m := range r.extra {
		if err := m.WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}

// sasl2Failure is the server's <failure/>.
type sasl2Failure struct {
	condition sasl.Condition
	text      string
}

func (f sasl2Failure) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(sasl2Name("failure")); err != nil {
		return err
	}
	if err := w.EmptyElement(xml.Name{Space: NSSASL, Local: string(f.condition)}); err != nil {
		return err
	}
	if f.text != "" {
		if err := w.TextElement(sasl2Name("text"), f.text); err != nil {
			return err
		}
	}
	return w.End()
}

// parseSASL2Failure reads a <failure/>: the RFC 6120 condition (in the
// RFC 6120 SASL namespace), and <text/>.
func parseSASL2Failure(el *xmlstream.Element) *SASLError {
	e := &SASLError{Condition: sasl.ErrNotAuthorized}
	for c := range el.Children() {
		switch name := c.Name(); {
		case name == sasl2Name("text"):
			e.Text = c.Text()
		case name.Space == NSSASL && name.Local != "text":
			e.Condition = sasl.Condition(name.Local)
		}
	}
	return e
}

// sasl2Success is the server's <success/>: additional data, the
// authorization identifier, and what the inline features answered.
type sasl2Success struct {
	additional []byte
	hasData    bool
	authzid    string
	extra      []xmlstream.Marshaler
}

func (s sasl2Success) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(sasl2Name("success")); err != nil {
		return err
	}
	if err := (sasl2Data{name: "additional-data", data: s.additional, present: s.hasData}).WriteXML(w); err != nil {
		return err
	}
	if err := w.TextElement(sasl2Name("authorization-identifier"), s.authzid); err != nil {
		return err
	}
	for _, m := range s.extra {
		if m == nil {
			continue
		}
		if err := m.WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}

// sasl2Continue is the server's <continue/> asking for tasks (XEP-0388
// §Continue).
type sasl2Continue struct {
	additional []byte
	hasData    bool
	tasks      []string
	text       string
}

func (c sasl2Continue) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(sasl2Name("continue")); err != nil {
		return err
	}
	if err := (sasl2Data{name: "additional-data", data: c.additional, present: c.hasData}).WriteXML(w); err != nil {
		return err
	}
	if err := w.Start(sasl2Name("tasks")); err != nil {
		return err
	}
	for _, t := range c.tasks {
		if err := w.TextElement(sasl2Name("task"), t); err != nil {
			return err
		}
	}
	if err := w.End(); err != nil {
		return err
	}
	if c.text != "" {
		if err := w.TextElement(sasl2Name("text"), c.text); err != nil {
			return err
		}
	}
	return w.End()
}

// parseTasks lists the <task/> names of a <continue/>.
func parseTasks(el *xmlstream.Element) []string {
	var out []string
	if ts, ok := el.Child(NSSASL2, "tasks"); ok {
		for t := range ts.Children() {
			if t.Name() == sasl2Name("task") {
				out = append(out, strings.TrimSpace(t.Text()))
			}
		}
	}
	return out
}

// offeredSASL2 lists the mechanisms of an <authentication/> offer, in
// order, and returns its <inline/> (nil if none).
func offeredSASL2(el *xmlstream.Element) (mechs []string, inline *xmlstream.Element) {
	for c := range el.Children() {
		switch c.Name() {
		case sasl2Name("mechanism"):
			mechs = append(mechs, strings.TrimSpace(c.Text()))
		case sasl2Name("inline"):
			if inline == nil {
				inline = c
			}
		}
	}
	return mechs, inline
}

// writeChannelBindings writes the XEP-0440 list once per round of
// features, whichever SASL profile comes first.
func writeChannelBindings(n *Negotiation, w xmlstream.Encoder, types []string) error {
	if len(types) == 0 || n.cbAdvertised {
		return nil
	}
	n.cbAdvertised = true
	if err := w.Start(saslCBName); err != nil {
		return err
	}
	for _, t := range types {
		cb := xml.Name{Space: NSSASLCB, Local: "channel-binding"}
		if err := w.Start(cb, xml.Attr{Name: xml.Name{Local: "type"}, Value: t}); err != nil {
			return err
		}
		if err := w.End(); err != nil {
			return err
		}
	}
	return w.End()
}
