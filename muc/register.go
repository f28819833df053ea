package muc

import (
	"context"
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NSRegister is the namespace of XEP-0077 In-Band Registration, which a
// room uses for registration (§7.10); RegisterName is its <query/>.
const NSRegister = "jabber:iq:register"

// RegisterName is the jabber:iq:register <query/>.
var RegisterName = xml.Name{Space: NSRegister, Local: "query"}

// RegisterFormType is the FORM_TYPE of a room registration form (§15.5.2),
// and RegisterNickField its field for the nick to reserve.
const (
	RegisterFormType  = NS + "#register"
	RegisterNickField = "muc#register_roomnick"
)

// ReservedNickNode is the disco#info node on which a room tells a user
// their registered nick (§7.12).
const ReservedNickNode = "x-roomuser-item"

// ErrRegistered is Register's answer when the room says the user is
// already registered.
var ErrRegistered = errors.New("muc: already registered with the room")

// Registration is the jabber:iq:register <query/> of a room (§7.10): in
// the room's answer to a registration request, either the form to fill or
// Registered with the reserved nick; in a submission, the filled form.
type Registration struct {
	Registered   bool       // the user is registered already: <registered/>
	Nick         string     // with Registered: the reserved nick (<username/>)
	Instructions string     // <instructions/>; empty for none
	Form         *form.Form // the form to fill or the one submitted; nil for none
}

// WriteXML writes r.
func (r Registration) WriteXML(e xmlstream.Encoder) error {
	return e.Element(RegisterName, nil, func(e xmlstream.Encoder) error {
		if r.Instructions != "" {
			if err := e.TextElement(xml.Name{Space: NSRegister, Local: "instructions"}, r.Instructions); err != nil {
				return err
			}
		}
		if r.Registered {
			if err := e.EmptyElement(xml.Name{Space: NSRegister, Local: "registered"}); err != nil {
				return err
			}
		}
		if r.Nick != "" {
			if err := e.TextElement(xml.Name{Space: NSRegister, Local: "username"}, r.Nick); err != nil {
				return err
			}
		}
		if r.Form != nil {
			return e.Marshal(*r.Form)
		}
		return nil
	})
}

// ParseRegistration reads a jabber:iq:register <query/>. XEP-0077's
// other fields (password, email, ...) are not a room's and are skipped.
func ParseRegistration(el *xmlstream.Element) (Registration, error) {
	if el.Name() != RegisterName {
		return Registration{}, ErrInvalid
	}
	var r Registration
	for c := range el.Children() {
		switch c.Name() {
		case xml.Name{Space: NSRegister, Local: "registered"}:
			r.Registered = true
		case xml.Name{Space: NSRegister, Local: "username"}:
			r.Nick = c.Text()
		case xml.Name{Space: NSRegister, Local: "instructions"}:
			r.Instructions = c.Text()
		case form.Name:
			if r.Form != nil {
				return Registration{}, ErrInvalid
			}
			f, err := form.Parse(c)
			if err != nil {
				return Registration{}, err
			}
			r.Form = &f
		}
	}
	return r, nil
}

// GetRegistration asks the room what registering takes (§7.10): the form
// to fill, or, for a user already registered, Registered and the nick.
// A room that does not exist answers item-not-found; one that lets only
// its admins add members, not-allowed.
func GetRegistration(ctx context.Context, s *xmpp.Session, room jid.JID) (Registration, error) {
	return xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: room.Bare()}, nil, RegisterName, ParseRegistration)
}

// Register submits a filled registration form (§7.10); its type is set to
// submit and its FORM_TYPE to RegisterFormType. The room answers conflict
// when the nick is reserved by someone else, bad-request for a form it
// does not accept. Registration may await an admin's approval (§9.9): a
// nil error says the room received the request.
func Register(ctx context.Context, s *xmpp.Session, room jid.JID, f form.Form) error {
	f.Type = form.TypeSubmit
	setFormType(&f, RegisterFormType)
	_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ, To: room.Bare()}, Registration{Form: &f})
	return err
}

// RegisterNick registers with the room reserving nick: it asks for the
// form, fills RegisterNickField, leaves the other fields at the values the
// room gave, and submits it. A user already registered gets ErrRegistered
// (the reserved nick is in GetRegistration's answer); a room whose form
// requires more than the nick answers bad-request, and the caller fills
// the form from GetRegistration and calls Register.
func RegisterNick(ctx context.Context, s *xmpp.Session, room jid.JID, nick string) error {
	r, err := GetRegistration(ctx, s, room)
	if err != nil {
		return err
	}
	if r.Registered {
		return ErrRegistered
	}
	if r.Form == nil {
		return xmpp.ErrNoPayload
	}
	f := *r.Form
	f.Fields = append([]form.Field(nil), f.Fields...)
	set := false
	for i := range f.Fields {
		if f.Fields[i].Var == RegisterNickField {
			f.Fields[i].Values, set = []string{nick}, true
		}
	}
	if !set {
		f.Fields = append(f.Fields, form.Field{Var: RegisterNickField, Values: []string{nick}})
	}
	return Register(ctx, s, room, submitted(f))
}

// ReservedNick asks the room for the user's registered nick (§7.12):
// the name of the conference identity on the x-roomuser-item node, or ""
// for none. A room that does not offer the node answers
// feature-not-implemented.
func ReservedNick(ctx context.Context, s *xmpp.Session, room jid.JID) (string, error) {
	info, err := disco.GetInfo(ctx, s, room.Bare(), ReservedNickNode)
	if err != nil {
		return "", err
	}
	for _, id := range info.Identities {
		if id.Category == "conference" && id.Name != "" {
			return id.Name, nil
		}
	}
	return "", nil
}

// submitted returns the fields of a received form as a submission carries
// them: var and values only (XEP-0004 §3.2), dropping fixed fields.
func submitted(f form.Form) form.Form {
	out := form.Form{Type: form.TypeSubmit}
	for _, fl := range f.Fields {
		if fl.Var == "" || fl.Type == form.Fixed {
			continue
		}
		out.Fields = append(out.Fields, form.Field{Var: fl.Var, Values: fl.Values})
	}
	return out
}

// setFormType makes f's FORM_TYPE ns, adding the hidden field first if
// f has none.
func setFormType(f *form.Form, ns string) {
	for i := range f.Fields {
		if f.Fields[i].Var == form.FormTypeVar {
			f.Fields = append([]form.Field(nil), f.Fields...)
			f.Fields[i].Values = []string{ns}
			return
		}
	}
	f.Fields = append([]form.Field{form.HiddenFormType(ns)}, f.Fields...)
}
