package muc

import (
	"context"
	"github.com/canto-im/xmpp/disco"
	"iter"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Admin is the muc#admin <query/> (§8, §9): the items to change, or, in a
// request for a list, the one item naming the role or affiliation.
type Admin struct{ Items []Item }

// WriteXML writes a.
func (a Admin) WriteXML(e xmlstream.Encoder) error {
	return e.Element(AdminName, nil, func(e xmlstream.Encoder) error {
		for _, it := range a.Items {
			if err := it.writeXML(e, NSAdmin); err != nil {
				return err
			}
		}
		return nil
	})
}

// ParseAdmin reads a muc#admin <query/>.
func ParseAdmin(el *xmlstream.Element) (Admin, error) {
	if el.Name() != AdminName {
		return Admin{}, ErrInvalid
	}
	var a Admin
	for c := range el.Children() {
		if c.Name().Space != NSAdmin || c.Name().Local != "item" {
			continue
		}
		it, err := parseItem(c, NSAdmin)
		if err != nil {
			return Admin{}, err
		}
		a.Items = append(a.Items, it)
	}
	return a, nil
}

// Owner is the muc#owner <query/> (§10): a configuration form, or a
// destroy request.
type Owner struct {
	Form    *form.Form // nil for none
	Destroy *Destroy   // nil for none
}

// WriteXML writes o.
func (o Owner) WriteXML(e xmlstream.Encoder) error {
	return e.Element(OwnerName, nil, func(e xmlstream.Encoder) error {
		if o.Form != nil {
			if err := e.Marshal(*o.Form); err != nil {
				return err
			}
		}
		if o.Destroy != nil {
			return o.Destroy.write(e, NSOwner)
		}
		return nil
	})
}

// ParseOwner reads a muc#owner <query/>.
func ParseOwner(el *xmlstream.Element) (Owner, error) {
	if el.Name() != OwnerName {
		return Owner{}, ErrInvalid
	}
	var o Owner
	if f, ok := el.Child(form.NS, "x"); ok {
		fm, err := form.Parse(f)
		if err != nil {
			return Owner{}, err
		}
		o.Form = &fm
	}
	if d, ok := el.Child(NSOwner, "destroy"); ok {
		var err error
		if o.Destroy, err = parseDestroy(d, NSOwner); err != nil {
			return Owner{}, err
		}
	}
	return o, nil
}

// ConfigFormType is the FORM_TYPE of a room configuration form (§15.5.3).
const ConfigFormType = NS + "#roomconfig"

func set(ctx context.Context, s *xmpp.Session, room jid.JID, m xmlstream.Marshaler) error {
	_, err := s.SendIQ(ctx, stanza.IQ{Type: stanza.SetIQ, To: room.Bare()}, m)
	return err
}

// SetRole changes the role of the occupant nick (§8.2 kick with
// RoleNone, §8.3 and §8.4 voice, §9.6 and §9.7 moderator).
func SetRole(ctx context.Context, s *xmpp.Session, room jid.JID, nick string, role Role, reason string) error {
	if nick == "" {
		return ErrNoTarget
	}
	return set(ctx, s, room, Admin{Items: []Item{{Nick: nick, Role: role, Reason: reason}}})
}

// Kick removes the occupant nick from the room (§8.2).
func Kick(ctx context.Context, s *xmpp.Session, room jid.JID, nick, reason string) error {
	return SetRole(ctx, s, room, nick, RoleNone, reason)
}

// SetAffiliation changes the affiliation of the bare JID user (§9.1 ban
// with AffiliationOutcast, §9.3 and §9.4 membership, §10.3 to §10.6
// owners and admins).
func SetAffiliation(ctx context.Context, s *xmpp.Session, room, user jid.JID, aff Affiliation, reason string) error {
	if user.IsZero() {
		return ErrNoTarget
	}
	return set(ctx, s, room, Admin{Items: []Item{{JID: user.Bare(), Affiliation: aff, Reason: reason}}})
}

// Ban bans the bare JID user (§9.1).
func Ban(ctx context.Context, s *xmpp.Session, room, user jid.JID, reason string) error {
	return SetAffiliation(ctx, s, room, user, AffiliationOutcast, reason)
}

// Affiliations lists the users with the affiliation aff (§9.2, §9.5,
// §10.5, §10.8).
func Affiliations(ctx context.Context, s *xmpp.Session, room jid.JID, aff Affiliation) ([]Item, error) {
	a, err := xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: room.Bare()}, Admin{Items: []Item{{Affiliation: aff}}}, AdminName, ParseAdmin)
	return a.Items, err
}

// Roles lists the occupants with the role (§8.5 voice, §9.8 moderators).
func Roles(ctx context.Context, s *xmpp.Session, room jid.JID, role Role) ([]Item, error) {
	a, err := xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: room.Bare()}, Admin{Items: []Item{{Role: role}}}, AdminName, ParseAdmin)
	return a.Items, err
}

// GetConfig asks for the room's configuration form (§10.2).
func GetConfig(ctx context.Context, s *xmpp.Session, room jid.JID) (form.Form, error) {
	o, err := xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: room.Bare()}, nil, OwnerName, ParseOwner)
	if err != nil {
		return form.Form{}, err
	}
	if o.Form == nil {
		return form.Form{}, xmpp.ErrNoPayload
	}
	return *o.Form, nil
}

// Configure submits a configuration form (§10.2); its type is set to
// submit.
func Configure(ctx context.Context, s *xmpp.Session, room jid.JID, f form.Form) error {
	f.Type = form.TypeSubmit
	return set(ctx, s, room, Owner{Form: &f})
}

// AcceptDefault creates an instant room with the default configuration
// (§10.1.2): an empty submitted form.
func AcceptDefault(ctx context.Context, s *xmpp.Session, room jid.JID) error {
	return set(ctx, s, room, Owner{Form: &form.Form{Type: form.TypeSubmit}})
}

// DestroyRoom destroys the room (§10.9), naming an alternative venue (zero
// for none) and a reason.
func DestroyRoom(ctx context.Context, s *xmpp.Session, room jid.JID, d Destroy) error {
	return set(ctx, s, room, Owner{Destroy: &d})
}

// Rooms lists the rooms of a MUC service (§6.3) by disco#items.
func Rooms(ctx context.Context, s *xmpp.Session, service jid.JID) iter.Seq2[disco.Item, error] {
	return disco.Items(ctx, s, service, "")
}
