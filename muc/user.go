package muc

import (
	"encoding/xml"
	"slices"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// User is the muc#user <x/> of room presence and messages (§7.2.2,
// §7.8.2, §10.9): items about an occupant, status codes, invitations,
// a decline, a destruction notice and a room password.
type User struct {
	Items    []Item
	Status   []int    // three-digit codes of §15.6, in order
	Invites  []Invite // mediated invitations (§7.8.2)
	Decline  *Invite  // a declined invitation (§7.8.3); nil for none
	Destroy  *Destroy // the room was destroyed (§10.9); nil for none
	Password string   // the room's password in an invitation; empty for none
}

// Invite is an <invite/> or <decline/>: To when the client sends it to the
// room, From when the room passes it on.
type Invite struct {
	From, To jid.JID
	Reason   string
}

// Destroy is the <destroy/> of an owner's request (§10.9) and of the
// notice the occupants receive.
type Destroy struct {
	JID      jid.JID // an alternative venue; zero for none
	Password string
	Reason   string
}

// HasStatus reports whether u carries the status code.
func (u User) HasStatus(code int) bool { return slices.Contains(u.Status, code) }

// WriteXML writes u.
func (u User) WriteXML(e xmlstream.Encoder) error {
	return e.Element(UserName, nil, func(e xmlstream.Encoder) error {
		for _, it := range u.Items {
			if err := it.writeXML(e, NSUser); err != nil {
				return err
			}
		}
		for _, c := range u.Status {
			if c < 100 || c > 999 {
				return ErrStatus
			}
			if err := e.EmptyElement(xml.Name{Space: NSUser, Local: "status"}, xml.Attr{Name: xml.Name{Local: "code"}, Value: itoa(c)}); err != nil {
				return err
			}
		}
		for _, in := range u.Invites {
			if err := in.write(e, "invite"); err != nil {
				return err
			}
		}
		if u.Decline != nil {
			if err := u.Decline.write(e, "decline"); err != nil {
				return err
			}
		}
		if u.Destroy != nil {
			if err := u.Destroy.write(e, NSUser); err != nil {
				return err
			}
		}
		if u.Password != "" {
			return e.TextElement(xml.Name{Space: NSUser, Local: "password"}, u.Password)
		}
		return nil
	})
}

func itoa(n int) string {
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}

func (in Invite) write(e xmlstream.Encoder, local string) error {
	var attrs [2]xml.Attr
	a := attrs[:0]
	if !in.From.IsZero() {
		a = append(a, xml.Attr{Name: xml.Name{Local: "from"}, Value: in.From.String()})
	}
	if !in.To.IsZero() {
		a = append(a, xml.Attr{Name: xml.Name{Local: "to"}, Value: in.To.String()})
	}
	return e.Element(xml.Name{Space: NSUser, Local: local}, a, func(e xmlstream.Encoder) error {
		if in.Reason != "" {
			return e.TextElement(xml.Name{Space: NSUser, Local: "reason"}, in.Reason)
		}
		return nil
	})
}

func (d Destroy) write(e xmlstream.Encoder, ns string) error {
	var a []xml.Attr
	if !d.JID.IsZero() {
		a = []xml.Attr{{Name: xml.Name{Local: "jid"}, Value: d.JID.String()}}
	}
	return e.Element(xml.Name{Space: ns, Local: "destroy"}, a, func(e xmlstream.Encoder) error {
		if d.Password != "" {
			if err := e.TextElement(xml.Name{Space: ns, Local: "password"}, d.Password); err != nil {
				return err
			}
		}
		if d.Reason != "" {
			return e.TextElement(xml.Name{Space: ns, Local: "reason"}, d.Reason)
		}
		return nil
	})
}

func parseDestroy(el *xmlstream.Element, ns string) (*Destroy, error) {
	j, err := optJID(el, "jid")
	if err != nil {
		return nil, err
	}
	d := &Destroy{JID: j}
	if p, ok := el.Child(ns, "password"); ok {
		d.Password = p.Text()
	}
	if r, ok := el.Child(ns, "reason"); ok {
		d.Reason = r.Text()
	}
	return d, nil
}

func parseInvite(el *xmlstream.Element) (Invite, error) {
	var in Invite
	var err error
	if in.From, err = optJID(el, "from"); err != nil {
		return Invite{}, err
	}
	if in.To, err = optJID(el, "to"); err != nil {
		return Invite{}, err
	}
	if r, ok := el.Child(NSUser, "reason"); ok {
		in.Reason = r.Text()
	}
	return in, nil
}

// ParseUser reads a muc#user <x/>. Children in other namespaces and
// unknown muc#user children are ignored.
func ParseUser(el *xmlstream.Element) (User, error) {
	if el.Name() != UserName {
		return User{}, ErrInvalid
	}
	var u User
	for c := range el.Children() {
		n := c.Name()
		if n.Space != NSUser {
			continue
		}
		switch n.Local {
		case "item":
			it, err := parseItem(c, NSUser)
			if err != nil {
				return User{}, err
			}
			u.Items = append(u.Items, it)
		case "status":
			code, err := parseStatus(c)
			if err != nil {
				return User{}, err
			}
			u.Status = append(u.Status, code)
		case "invite":
			in, err := parseInvite(c)
			if err != nil {
				return User{}, err
			}
			u.Invites = append(u.Invites, in)
		case "decline":
			in, err := parseInvite(c)
			if err != nil {
				return User{}, err
			}
			u.Decline = &in
		case "destroy":
			d, err := parseDestroy(c, NSUser)
			if err != nil {
				return User{}, err
			}
			u.Destroy = d
		case "password":
			u.Password = c.Text()
		}
	}
	return u, nil
}
