package disco

import (
	"cmp"
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/xmlstream"
)

// ErrIdentity is returned for an <identity/> without category or type.
var ErrIdentity = errors.New("disco: identity without category or type")

// Identity is an <identity/> of a disco#info result (XEP-0030 §3.1). See
// the registry of categories and types at
// https://xmpp.org/registrar/disco-categories.html.
type Identity struct {
	Category string // required, e.g. "client"
	Type     string // required, e.g. "pc"
	Name     string // for people; empty for none
	Lang     string // xml:lang of Name; empty for none
}

// compareIdentities orders identities as XEP-0115 §5.1 sorts them: by
// category, type, xml:lang, then name.
func compareIdentities(a, b Identity) int {
	return cmp.Or(cmp.Compare(a.Category, b.Category), cmp.Compare(a.Type, b.Type),
		cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Name, b.Name))
}

func (id Identity) writeXML(w xmlstream.Encoder) error {
	var buf [4]xml.Attr
	attrs := append(buf[:0],
		xml.Attr{Name: xml.Name{Local: "category"}, Value: id.Category},
		xml.Attr{Name: xml.Name{Local: "type"}, Value: id.Type})
	if id.Name != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "name"}, Value: id.Name})
	}
	if id.Lang != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Space: nsXML, Local: "lang"}, Value: id.Lang})
	}
	if err := w.Start(xml.Name{Space: NSInfo, Local: "identity"}, attrs...); err != nil {
		return err
	}
	return w.End()
}

func parseIdentity(el *xmlstream.Element) (Identity, error) {
	id := Identity{Category: el.Attr("category"), Type: el.Attr("type"), Name: el.Attr("name")}
	id.Lang, _ = el.AttrNS(nsXML, "lang")
	if id.Category == "" || id.Type == "" {
		return Identity{}, ErrIdentity
	}
	return id, nil
}
