package disco

import (
	"encoding/xml"
	"errors"
	"fmt"
	"slices"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/xmlstream"
)

// Errors for a disco#info <query/> that cannot be read.
var (
	ErrNotInfo = errors.New("disco: not a disco#info <query/>")
	ErrFeature = errors.New("disco: feature without var")
)

// Info is the <query/> of a disco#info result (XEP-0030 §3.1): what an
// entity, or one of its nodes, is and supports. (The element is the
// generic <query/>, so the type is named after what it carries.)
type Info struct {
	Node       string // the node queried; empty for the entity itself
	Identities []Identity
	Features   []string
	// Forms is the XEP-0128 extended information: result forms, each
	// named by a hidden FORM_TYPE field.
	Forms []form.Form
}

// HasFeature reports whether i lists the feature v.
func (i Info) HasFeature(v string) bool { return slices.Contains(i.Features, v) }

// HasIdentity reports whether i lists an identity of that category and type.
func (i Info) HasIdentity(category, typ string) bool {
	return slices.ContainsFunc(i.Identities, func(id Identity) bool {
		return id.Category == category && id.Type == typ
	})
}

// Form returns the extended information form whose FORM_TYPE is formType.
func (i Info) Form(formType string) (form.Form, bool) {
	for _, f := range i.Forms {
		if f.FormType() == formType {
			return f, true
		}
	}
	return form.Form{}, false
}

// WriteXML writes i as a disco#info <query/>: identities, features, then
// forms, in the order given.
func (i Info) WriteXML(w xmlstream.Encoder) error {
	if err := startQuery(w, InfoName, i.Node); err != nil {
		return err
	}
	for _, id := range i.Identities {
		if err := id.writeXML(w); err != nil {
			return err
		}
	}
	for _, v := range i.Features {
		if err := w.Start(xml.Name{Space: NSInfo, Local: "feature"}, xml.Attr{Name: xml.Name{Local: "var"}, Value: v}); err != nil {
			return err
		}
		if err := w.End(); err != nil {
			return err
		}
	}
	for _, f := range i.Forms {
		if err := f.WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}

// startQuery opens a <query/> with an optional node.
func startQuery(w xmlstream.Encoder, name xml.Name, node string) error {
	if node == "" {
		return w.Start(name)
	}
	return w.Start(name, xml.Attr{Name: xml.Name{Local: "node"}, Value: node})
}

// ParseInfo reads a disco#info <query/>. Identities need a category and a
// type, features a var (XEP-0030 §3.1); forms must be valid data forms.
// Other children are ignored. Duplicates are kept: they matter only to
// caps verification, which rejects them.
func ParseInfo(el *xmlstream.Element) (Info, error) {
	if el.Name() != InfoName {
		return Info{}, ErrNotInfo
	}
	i := Info{Node: el.Attr("node")}
	for c := range el.Children() {
		if err := i.addChild(c); err != nil {
			return Info{}, err
		}
	}
	return i, nil
}

func (i *Info) addChild(c *xmlstream.Element) error {
	switch name := c.Name(); name {
	case xml.Name{Space: NSInfo, Local: "identity"}:
		id, err := parseIdentity(c)
		if err != nil {
			return err
		}
		i.Identities = append(i.Identities, id)
	case xml.Name{Space: NSInfo, Local: "feature"}:
		v := c.Attr("var")
		if v == "" {
			return ErrFeature
		}
		i.Features = append(i.Features, v)
	case form.Name:
		f, err := form.Parse(c)
		if err != nil {
			return fmt.Errorf("disco: extended information: %w", err)
		}
		i.Forms = append(i.Forms, f)
	}
	return nil
}

// clone returns a deep copy of i, so that a cached Info cannot be changed
// through what a caller was given.
func (i Info) clone() Info {
	i.Identities = slices.Clone(i.Identities)
	i.Features = slices.Clone(i.Features)
	forms := make([]form.Form, len(i.Forms))
	for k, f := range i.Forms {
		forms[k] = cloneForm(f)
	}
	if i.Forms != nil {
		i.Forms = forms
	}
	return i
}

func cloneForm(f form.Form) form.Form {
	f.Instructions = slices.Clone(f.Instructions)
	f.Fields = cloneFields(f.Fields)
	f.Reported = cloneFields(f.Reported)
	if f.Items != nil {
		items := make([][]form.Field, len(f.Items))
		for k, it := range f.Items {
			items[k] = cloneFields(it)
		}
		f.Items = items
	}
	return f
}

func cloneFields(fs []form.Field) []form.Field {
	if fs == nil {
		return nil
	}
	out := make([]form.Field, len(fs))
	for k, fl := range fs {
		fl.Values = slices.Clone(fl.Values)
		fl.Options = slices.Clone(fl.Options)
		out[k] = fl
	}
	return out
}
