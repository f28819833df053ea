package sm

import (
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of stream management, version 3.
const NS = "urn:xmpp:sm:3"

// Names of the protocol's elements.
var (
	FeatureName = xml.Name{Space: NS, Local: "sm"}
	EnableName  = xml.Name{Space: NS, Local: "enable"}
	EnabledName = xml.Name{Space: NS, Local: "enabled"}
	ResumeName  = xml.Name{Space: NS, Local: "resume"}
	ResumedName = xml.Name{Space: NS, Local: "resumed"}
	FailedName  = xml.Name{Space: NS, Local: "failed"}
	RequestName = xml.Name{Space: NS, Local: "r"}
	AckName     = xml.Name{Space: NS, Local: "a"}
	// TooHighName is the application condition of the stream error sent
	// when the peer acknowledges more stanzas than it was sent (§6).
	TooHighName = xml.Name{Space: NS, Local: "handled-count-too-high"}
)

// ErrBadElement is wrapped by the parse functions' errors.
var ErrBadElement = errors.New("sm: malformed element")

func bad(el *xmlstream.Element, why string) error {
	return fmt.Errorf("%w: <%s/>: %s", ErrBadElement, el.Name().Local, why)
}

// Enable is <enable/>: the client asks for stream management.
type Enable struct {
	// Resume asks for a resumable stream.
	Resume bool
	// Max is the client's preferred longest resumption time in seconds;
	// zero leaves it out.
	Max uint32
}

// WriteXML writes <enable/>.
func (e Enable) WriteXML(w xmlstream.Encoder) error {
	var attr [2]xml.Attr
	a := attr[:0]
	if e.Resume {
		a = append(a, boolAttr("resume"))
	}
	if e.Max > 0 {
		a = append(a, uintAttr("max", e.Max))
	}
	return w.EmptyElement(EnableName, a...)
}

// ParseEnable reads <enable/>.
func ParseEnable(el *xmlstream.Element) (Enable, error) {
	var e Enable
	if el.Name() != EnableName {
		return e, bad(el, "not <enable/>")
	}
	var err error
	if e.Resume, err = parseBool(el, "resume"); err != nil {
		return e, err
	}
	e.Max, err = parseMax(el)
	return e, err
}

// Enabled is <enabled/>: the server's answer to <enable/>.
type Enabled struct {
	// ID is the SM-ID, which a resumption names; empty when the stream
	// cannot be resumed.
	ID string
	// Resume says the stream may be resumed.
	Resume bool
	// Max is the server's longest resumption time in seconds; zero when
	// the server does not say.
	Max uint32
	// Location is where the server prefers the client to reconnect to
	// resume ("host:port"), or empty.
	Location string
}

// WriteXML writes <enabled/>.
func (e Enabled) WriteXML(w xmlstream.Encoder) error {
	var attr [4]xml.Attr
	a := attr[:0]
	if e.ID != "" {
		a = append(a, xml.Attr{Name: xml.Name{Local: "id"}, Value: e.ID})
	}
	if e.Location != "" {
		a = append(a, xml.Attr{Name: xml.Name{Local: "location"}, Value: e.Location})
	}
	if e.Max > 0 {
		a = append(a, uintAttr("max", e.Max))
	}
	if e.Resume {
		a = append(a, boolAttr("resume"))
	}
	return w.EmptyElement(EnabledName, a...)
}

// ParseEnabled reads <enabled/>. A resumable stream must have an id (§5).
func ParseEnabled(el *xmlstream.Element) (Enabled, error) {
	var e Enabled
	if el.Name() != EnabledName {
		return e, bad(el, "not <enabled/>")
	}
	var err error
	if e.Resume, err = parseBool(el, "resume"); err != nil {
		return e, err
	}
	if e.Max, err = parseMax(el); err != nil {
		return e, err
	}
	e.ID, e.Location = el.Attr("id"), el.Attr("location")
	if e.Resume && e.ID == "" {
		return e, bad(el, "resumable without an id")
	}
	return e, nil
}

// Resume is <resume/>: the client asks to resume a stream.
type Resume struct {
	PrevID string // the SM-ID of the stream to resume
	H      uint32 // the stanzas the client handled on it
}

// WriteXML writes <resume/>.
func (r Resume) WriteXML(w xmlstream.Encoder) error {
	return writeResumption(w, ResumeName, r.PrevID, r.H)
}

// ParseResume reads <resume/>.
func ParseResume(el *xmlstream.Element) (Resume, error) {
	id, h, err := parseResumption(el, ResumeName)
	return Resume{PrevID: id, H: h}, err
}

// Resumed is <resumed/>: the server resumed the stream.
type Resumed struct {
	PrevID string // the SM-ID of the stream resumed
	H      uint32 // the stanzas the server handled on it
}

// WriteXML writes <resumed/>.
func (r Resumed) WriteXML(w xmlstream.Encoder) error {
	return writeResumption(w, ResumedName, r.PrevID, r.H)
}

// ParseResumed reads <resumed/>.
func ParseResumed(el *xmlstream.Element) (Resumed, error) {
	id, h, err := parseResumption(el, ResumedName)
	return Resumed{PrevID: id, H: h}, err
}

func writeResumption(w xmlstream.Encoder, name xml.Name, id string, h uint32) error {
	return w.EmptyElement(name, uintAttr("h", h), xml.Attr{Name: xml.Name{Local: "previd"}, Value: id})
}

func parseResumption(el *xmlstream.Element, name xml.Name) (string, uint32, error) {
	if el.Name() != name {
		return "", 0, bad(el, "not <"+name.Local+"/>")
	}
	h, ok, err := parseH(el)
	if err != nil {
		return "", 0, err
	}
	id := el.Attr("previd")
	if !ok || id == "" {
		return "", 0, bad(el, "without h or previd")
	}
	return id, h, nil
}

// Failed is <failed/>, the answer to an <enable/> or a <resume/> that did
// not succeed. It is an error.
type Failed struct {
	// Condition is the stanza error condition given, or empty.
	Condition stanza.Condition
	// H, if HasH, is the count of stanzas the server handled on a stream
	// that can no longer be resumed.
	H    uint32
	HasH bool
}

func (f Failed) Error() string {
	if f.Condition == "" {
		return "sm: failed"
	}
	return "sm: failed: " + string(f.Condition)
}

// Is matches a Failed with the same condition, or any Failed if target's
// condition is empty.
func (f Failed) Is(target error) bool {
	t, ok := target.(Failed)
	return ok && (t.Condition == "" || t.Condition == f.Condition)
}

// WriteXML writes <failed/>.
func (f Failed) WriteXML(w xmlstream.Encoder) error {
	var attr [1]xml.Attr
	a := attr[:0]
	if f.HasH {
		a = append(a, uintAttr("h", f.H))
	}
	if err := w.Start(FailedName, a...); err != nil {
		return err
	}
	if f.Condition != "" {
		if err := w.EmptyElement(xml.Name{Space: stanza.NSError, Local: string(f.Condition)}); err != nil {
			return err
		}
	}
	return w.End()
}

// ParseFailed reads <failed/>: its first child in the stanza error
// namespace is the condition.
func ParseFailed(el *xmlstream.Element) (Failed, error) {
	var f Failed
	if el.Name() != FailedName {
		return f, bad(el, "not <failed/>")
	}
	var err error
	if f.H, f.HasH, err = parseH(el); err != nil {
		return f, err
	}
	for c := range el.Children() {
		if c.Name().Space == stanza.NSError && c.Name().Local != "text" {
			f.Condition = stanza.Condition(c.Name().Local)
			break
		}
	}
	return f, nil
}

// Request is <r/>: a request for an acknowledgement.
type Request struct{}

// WriteXML writes <r/>.
func (Request) WriteXML(w xmlstream.Encoder) error { return w.EmptyElement(RequestName) }

// ParseRequest reads <r/>.
func ParseRequest(el *xmlstream.Element) (Request, error) {
	if el.Name() != RequestName {
		return Request{}, bad(el, "not <r/>")
	}
	return Request{}, nil
}

// Ack is <a h/>: the count of stanzas handled so far.
type Ack struct{ H uint32 }

// WriteXML writes <a/>.
func (a Ack) WriteXML(w xmlstream.Encoder) error { return w.EmptyElement(AckName, uintAttr("h", a.H)) }

// ParseAck reads <a/>, whose h is required.
func ParseAck(el *xmlstream.Element) (Ack, error) {
	if el.Name() != AckName {
		return Ack{}, bad(el, "not <a/>")
	}
	h, ok, err := parseH(el)
	if err == nil && !ok {
		err = bad(el, "without h")
	}
	return Ack{H: h}, err
}

func boolAttr(name string) xml.Attr { return xml.Attr{Name: xml.Name{Local: name}, Value: "true"} }

func uintAttr(name string, v uint32) xml.Attr {
	return xml.Attr{Name: xml.Name{Local: name}, Value: strconv.FormatUint(uint64(v), 10)}
}

// parseBool reads an optional xs:boolean attribute (false when absent).
func parseBool(el *xmlstream.Element, name string) (bool, error) {
	switch el.Attr(name) {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	}
	return false, bad(el, "bad "+name)
}

// parseH reads an optional xs:unsignedInt 'h'.
func parseH(el *xmlstream.Element) (uint32, bool, error) {
	v := el.Attr("h")
	if v == "" {
		return 0, false, nil
	}
	h, err := strconv.ParseUint(v, 10, 32)
	if err != nil {
		return 0, false, bad(el, "bad h")
	}
	return uint32(h), true, nil
}

// parseMax reads an optional xs:positiveInteger 'max' in seconds; values
// beyond 32 bits mean "as long as possible".
func parseMax(el *xmlstream.Element) (uint32, error) {
	v := el.Attr("max")
	if v == "" {
		return 0, nil
	}
	m, err := strconv.ParseUint(v, 10, 64)
	var ne *strconv.NumError
	if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
		return math.MaxUint32, nil
	}
	if err != nil || m == 0 {
		return 0, bad(el, "bad max")
	}
	return uint32(min(m, math.MaxUint32)), nil
}
