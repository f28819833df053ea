package paging

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/xmlstream"
)

// Name is the name of the <set/> element.
var Name = xml.Name{Space: NS, Local: "set"}

// children finds the children of set named in names (all in NS), at most
// one of each as the schema says, and puts them in the same positions of
// found. Children in other namespaces or with other names are ignored:
// they extend the element.
func children(set *xmlstream.Element, names []string, found []*xmlstream.Element) error {
	if set.Name() != Name {
		return malformed("not a <set/> of " + NS)
	}
	for c := range set.Children() {
		n := c.Name()
		if n.Space != NS {
			continue
		}
		for i, local := range names {
			if n.Local != local {
				continue
			}
			if found[i] != nil {
				return malformed("more than one <" + local + "/>")
			}
			found[i] = c
		}
	}
	return nil
}

// writeText writes <local>text</local> in NS.
func writeText(w xmlstream.Encoder, local, text string, attrs ...xml.Attr) error {
	if err := w.Start(xml.Name{Space: NS, Local: local}, attrs...); err != nil {
		return err
	}
	if text != "" {
		if err := w.Text(text); err != nil {
			return err
		}
	}
	return w.End()
}
