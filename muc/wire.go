package muc

import (
	"encoding/xml"
	"errors"
	"strconv"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// The namespaces of XEP-0045 (§19.1).
const (
	NS      = "http://jabber.org/protocol/muc"
	NSUser  = NS + "#user"
	NSAdmin = NS + "#admin"
	NSOwner = NS + "#owner"
)

// The payload elements.
var (
	JoinName  = xml.Name{Space: NS, Local: "x"}
	UserName  = xml.Name{Space: NSUser, Local: "x"}
	AdminName = xml.Name{Space: NSAdmin, Local: "query"}
	OwnerName = xml.Name{Space: NSOwner, Local: "query"}
)

// Errors of the wire types.
var (
	ErrInvalid     = errors.New("muc: malformed element")
	ErrRole        = errors.New("muc: unknown role")
	ErrAffiliation = errors.New("muc: unknown affiliation")
	ErrStatus      = errors.New("muc: status code is not a three-digit number")
	ErrNoTarget    = errors.New("muc: an item names neither a nick nor a JID")
)

// Role is an occupant's role in a room (§5.1). The empty Role means the
// attribute is absent.
type Role string

// The roles.
const (
	RoleNone        Role = "none"
	RoleVisitor     Role = "visitor"
	RoleParticipant Role = "participant"
	RoleModerator   Role = "moderator"
)

func (r Role) valid() bool {
	switch r {
	case "", RoleNone, RoleVisitor, RoleParticipant, RoleModerator:
		return true
	}
	return false
}

// Affiliation is a user's long-lived affiliation with a room (§5.2). The
// empty Affiliation means the attribute is absent.
type Affiliation string

// The affiliations.
const (
	AffiliationNone    Affiliation = "none"
	AffiliationOutcast Affiliation = "outcast"
	AffiliationMember  Affiliation = "member"
	AffiliationAdmin   Affiliation = "admin"
	AffiliationOwner   Affiliation = "owner"
)

func (a Affiliation) valid() bool {
	switch a {
	case "", AffiliationNone, AffiliationOutcast, AffiliationMember, AffiliationAdmin, AffiliationOwner:
		return true
	}
	return false
}

// The status codes of §15.6 a client acts on.
const (
	StatusRealJIDPublic = 100 // any occupant may see real JIDs
	StatusSelf          = 110 // the presence is about the recipient
	StatusLogged        = 170 // the room is logged
	StatusCreated       = 201 // the join created the room
	StatusBanned        = 301 // removed: banned
	StatusNickChange    = 303 // the occupant changes nick to Item.Nick
	StatusKicked        = 307 // removed: kicked
	StatusAffiliation   = 321 // removed: the affiliation changed (members-only room)
	StatusMembersOnly   = 322 // removed: the room became members-only
	StatusShutdown      = 332 // removed: the service shuts down
	StatusNickModified  = 210 // the service changed the requested nick
)

// Item is an <item/> of muc#user presence or a muc#admin query: who, with
// which role and affiliation, and why.
type Item struct {
	Affiliation Affiliation
	Role        Role
	JID         jid.JID // the real JID; zero when hidden or absent
	Nick        string
	Reason      string
	Actor       Actor // who made the change; zero for none
}

// Actor is the <actor/> of an item: the moderator or admin who acted.
type Actor struct {
	JID  jid.JID
	Nick string
}

func (it Item) writeXML(e xmlstream.Encoder, ns string) error {
	if !it.Role.valid() {
		return ErrRole
	}
	if !it.Affiliation.valid() {
		return ErrAffiliation
	}
	var attrs [4]xml.Attr
	a := attrs[:0]
	if it.Affiliation != "" {
		a = append(a, xml.Attr{Name: xml.Name{Local: "affiliation"}, Value: string(it.Affiliation)})
	}
	if !it.JID.IsZero() {
		a = append(a, xml.Attr{Name: xml.Name{Local: "jid"}, Value: it.JID.String()})
	}
	if it.Nick != "" {
		a = append(a, xml.Attr{Name: xml.Name{Local: "nick"}, Value: it.Nick})
	}
	if it.Role != "" {
		a = append(a, xml.Attr{Name: xml.Name{Local: "role"}, Value: string(it.Role)})
	}
	return e.Element(xml.Name{Space: ns, Local: "item"}, a, func(e xmlstream.Encoder) error {
		if !it.Actor.JID.IsZero() || it.Actor.Nick != "" {
			var aa [2]xml.Attr
			b := aa[:0]
			if !it.Actor.JID.IsZero() {
				b = append(b, xml.Attr{Name: xml.Name{Local: "jid"}, Value: it.Actor.JID.String()})
			}
			if it.Actor.Nick != "" {
				b = append(b, xml.Attr{Name: xml.Name{Local: "nick"}, Value: it.Actor.Nick})
			}
			if err := e.EmptyElement(xml.Name{Space: ns, Local: "actor"}, b...); err != nil {
				return err
			}
		}
		if it.Reason != "" {
			return e.TextElement(xml.Name{Space: ns, Local: "reason"}, it.Reason)
		}
		return nil
	})
}

// optJID parses an optional JID attribute.
func optJID(el *xmlstream.Element, name string) (jid.JID, error) {
	s := el.Attr(name)
	if s == "" {
		return jid.JID{}, nil
	}
	j, err := jid.Parse(s)
	if err != nil {
		return jid.JID{}, errors.Join(ErrInvalid, err)
	}
	return j, nil
}

func parseItem(el *xmlstream.Element, ns string) (Item, error) {
	it := Item{Affiliation: Affiliation(el.Attr("affiliation")), Role: Role(el.Attr("role")), Nick: el.Attr("nick")}
	if !it.Role.valid() {
		return Item{}, ErrRole
	}
	if !it.Affiliation.valid() {
		return Item{}, ErrAffiliation
	}
	var err error
	if it.JID, err = optJID(el, "jid"); err != nil {
		return Item{}, err
	}
	if r, ok := el.Child(ns, "reason"); ok {
		it.Reason = r.Text()
	}
	if a, ok := el.Child(ns, "actor"); ok {
		if it.Actor.JID, err = optJID(a, "jid"); err != nil {
			return Item{}, err
		}
		it.Actor.Nick = a.Attr("nick")
	}
	return it, nil
}

func parseStatus(el *xmlstream.Element) (int, error) {
	s := el.Attr("code")
	n, err := strconv.Atoi(s)
	if err != nil || len(s) != 3 || n < 100 {
		return 0, ErrStatus
	}
	return n, nil
}
