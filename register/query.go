package register

import (
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of the query; FeatureNS, of the stream feature.
const (
	NS        = "jabber:iq:register"
	FeatureNS = "http://jabber.org/features/iq-register"
)

// QueryName is the <query/> element.
var QueryName = xml.Name{Space: NS, Local: "query"}

// ErrNotQuery refuses an element that is not a jabber:iq:register query.
var ErrNotQuery = errors.New("register: not a <query xmlns='jabber:iq:register'/>")

// Query is the <query/> of every request and answer (§3).
type Query struct {
	// Instructions are for people; "" for none.
	Instructions string
	// Registered says, in an answer to a get, that the requester already
	// has an account (§3.1).
	Registered bool
	// Fields are the names of the fields a get answer asks for, in order
	// (e.g. "username", "password"); parsing fills it for every empty
	// field element. Writers list them with empty values.
	Fields []string
	// Username and Password are the values given in a set.
	Username, Password string
	// Remove asks to cancel the registration (§3.2).
	Remove bool
}

// WriteXML writes q: instructions, registered, the requested Fields as
// empty elements, the username and password when set, remove.
func (q Query) WriteXML(w xmlstream.Encoder) error {
	return w.Element(QueryName, nil, func(w xmlstream.Encoder) error {
		if q.Instructions != "" {
			if err := w.TextElement(child("instructions"), q.Instructions); err != nil {
				return err
			}
		}
		if q.Registered {
			if err := w.EmptyElement(child("registered")); err != nil {
				return err
			}
		}
		for _, f := range q.Fields {
			if err := w.EmptyElement(child(f)); err != nil {
				return err
			}
		}
		for _, f := range [...]struct{ name, v string }{{"username", q.Username}, {"password", q.Password}} {
			if f.v != "" {
				if err := w.TextElement(child(f.name), f.v); err != nil {
					return err
				}
			}
		}
		if q.Remove {
			return w.EmptyElement(child("remove"))
		}
		return nil
	})
}

func child(local string) xml.Name { return xml.Name{Space: NS, Local: local} }

// Parse reads a <query/>. Children of other namespaces (a data form, OOB
// data) are skipped.
func Parse(el *xmlstream.Element) (Query, error) {
	if el.Name() != QueryName {
		return Query{}, ErrNotQuery
	}
	var q Query
	for c := range el.Children() {
		if c.Name().Space != NS {
			continue
		}
		switch name := c.Name().Local; name {
		case "instructions":
			q.Instructions = c.Text()
		case "registered":
			q.Registered = true
		case "remove":
			q.Remove = true
		case "username", "password":
			v := c.Text()
			switch {
			case v == "":
				q.Fields = append(q.Fields, name)
			case name == "username":
				q.Username = v
			default:
				q.Password = v
			}
		default:
			q.Fields = append(q.Fields, name)
		}
	}
	return q, nil
}
