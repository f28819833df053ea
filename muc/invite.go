package muc

import (
	"context"
	"encoding/xml"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NSConference is the namespace of XEP-0249 direct invitations;
// DirectInviteName, its element.
const NSConference = "jabber:x:conference"

var DirectInviteName = xml.Name{Space: NSConference, Local: "x"}

// DirectInvite is a XEP-0249 invitation, sent straight to the invitee.
type DirectInvite struct {
	Room     jid.JID // required: the room's bare JID
	Password string
	Reason   string
	Continue bool   // the invitation continues a one-to-one chat
	Thread   string // the continued thread; empty for none
}

// WriteXML writes d; a zero Room is refused with ErrInvalid.
func (d DirectInvite) WriteXML(e xmlstream.Encoder) error {
	if d.Room.IsZero() {
		return ErrInvalid
	}
	var attrs [5]xml.Attr
	a := append(attrs[:0], xml.Attr{Name: xml.Name{Local: "jid"}, Value: d.Room.String()})
	if d.Password != "" {
		a = append(a, xml.Attr{Name: xml.Name{Local: "password"}, Value: d.Password})
	}
	if d.Reason != "" {
		a = append(a, xml.Attr{Name: xml.Name{Local: "reason"}, Value: d.Reason})
	}
	if d.Continue {
		a = append(a, xml.Attr{Name: xml.Name{Local: "continue"}, Value: "true"})
	}
	if d.Thread != "" {
		a = append(a, xml.Attr{Name: xml.Name{Local: "thread"}, Value: d.Thread})
	}
	return e.EmptyElement(DirectInviteName, a...)
}

// ParseDirectInvite reads a jabber:x:conference <x/>; the jid is required.
func ParseDirectInvite(el *xmlstream.Element) (DirectInvite, error) {
	if el.Name() != DirectInviteName {
		return DirectInvite{}, ErrInvalid
	}
	r, err := jid.Parse(el.Attr("jid"))
	if err != nil {
		return DirectInvite{}, ErrInvalid
	}
	d := DirectInvite{Room: r, Password: el.Attr("password"), Reason: el.Attr("reason"), Thread: el.Attr("thread")}
	switch el.Attr("continue") {
	case "", "false", "0":
	case "true", "1":
		d.Continue = true
	default:
		return DirectInvite{}, ErrInvalid
	}
	return d, nil
}

// SendDirectInvite invites to to the room with a XEP-0249 message.
func SendDirectInvite(ctx context.Context, s *xmpp.Session, to jid.JID, d DirectInvite) error {
	return s.Send(ctx, stanza.Message{To: to}.Wrap(d))
}

// Invite asks the room to pass an invitation on to the user (§7.8.2).
func SendInvite(ctx context.Context, s *xmpp.Session, room, to jid.JID, reason string) error {
	if to.IsZero() {
		return ErrNoTarget
	}
	return s.Send(ctx, stanza.Message{To: room.Bare()}.Wrap(User{Invites: []Invite{{To: to, Reason: reason}}}))
}
