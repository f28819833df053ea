package version

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0092.
const NS = "jabber:iq:version"

// Name is the name of the <query/> element.
var Name = xml.Name{Space: NS, Local: "query"}

// Errors for a <query/> that is not a valid result.
var (
	ErrNotQuery = errors.New("version: not a jabber:iq:version <query/>")
	ErrMissing  = errors.New("version: result without <name/> or <version/>")
)

// Info is the <query/> of a result: the software an entity runs. (The
// element is the generic <query/>, so the type is named after what it
// carries.)
type Info struct {
	Name    string // the software's name; required
	Version string // its version; required
	OS      string // the operating system; empty omits it
}

// WriteXML writes i as the <query/> of a result. Name and version are
// always written, even when empty, since a result requires them.
func (i Info) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(Name); err != nil {
		return err
	}
	if err := w.TextElement(xml.Name{Space: NS, Local: "name"}, i.Name); err != nil {
		return err
	}
	if err := w.TextElement(xml.Name{Space: NS, Local: "version"}, i.Version); err != nil {
		return err
	}
	if i.OS != "" {
		if err := w.TextElement(xml.Name{Space: NS, Local: "os"}, i.OS); err != nil {
			return err
		}
	}
	return w.End()
}

// Parse reads the <query/> of a result. <name/> and <version/> are
// required (XEP-0092 §2) but may be empty; <os/> is optional.
func Parse(el *xmlstream.Element) (Info, error) {
	if el.Name() != Name {
		return Info{}, ErrNotQuery
	}
	name, ok1 := el.Child(NS, "name")
	ver, ok2 := el.Child(NS, "version")
	if !ok1 || !ok2 {
		return Info{}, ErrMissing
	}
	i := Info{Name: name.Text(), Version: ver.Text()}
	if os, ok := el.Child(NS, "os"); ok {
		i.OS = os.Text()
	}
	return i, nil
}

// request is the empty <query/> of a request.
type request struct{}

func (request) WriteXML(w xmlstream.Encoder) error { return w.EmptyElement(Name) }
