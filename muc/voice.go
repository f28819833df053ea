package muc

import (
	"context"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// RequestFormType is the FORM_TYPE of voice requests (§7.13) and of the
// approval forms a room sends its moderators (§8.6), §15.5.4.
const RequestFormType = NS + "#request"

// The fields of a muc#request form.
const (
	RequestRoleField  = "muc#role"
	RequestJIDField   = "muc#jid"
	RequestNickField  = "muc#roomnick"
	RequestAllowField = "muc#request_allow"
)

// ErrNotVoiceRequest refuses a form whose FORM_TYPE is not
// RequestFormType, or whose fields do not parse.
var ErrNotVoiceRequest = errors.New("muc: not a muc#request form")

// VoiceRequest is a muc#request form: a visitor asking for voice (§7.13,
// Role only) or the approval form a room sends its moderators (§8.6),
// which names the occupant; a moderator answers it with Allow.
type VoiceRequest struct {
	Role  Role    // the role asked for: RoleParticipant
	JID   jid.JID // the occupant's real JID; zero in a visitor's request
	Nick  string  // the occupant's nick; empty in a visitor's request
	Allow bool    // in an answer: whether voice is granted
}

// Form returns v as a submitted muc#request form; JID, Nick and
// muc#request_allow are written only when set (an approval, §8.6).
func (v VoiceRequest) Form() form.Form {
	f := form.Form{Type: form.TypeSubmit, Fields: []form.Field{form.HiddenFormType(RequestFormType)}}
	role := v.Role
	if role == "" {
		role = RoleParticipant
	}
	f.Fields = append(f.Fields, form.Field{Var: RequestRoleField, Values: []string{string(role)}})
	if !v.JID.IsZero() {
		f.Fields = append(f.Fields, form.Field{Var: RequestJIDField, Values: []string{v.JID.String()}})
	}
	if v.Nick != "" {
		f.Fields = append(f.Fields, form.Field{Var: RequestNickField, Values: []string{v.Nick}})
	}
	if v.Allow || !v.JID.IsZero() || v.Nick != "" {
		allow := "false"
		if v.Allow {
			allow = "true"
		}
		f.Fields = append(f.Fields, form.Field{Var: RequestAllowField, Values: []string{allow}})
	}
	return f
}

// ParseVoiceRequest reads a muc#request form. An absent role is
// participant, the only role §7.13 asks for.
func ParseVoiceRequest(f form.Form) (VoiceRequest, error) {
	if f.FormType() != RequestFormType {
		return VoiceRequest{}, ErrNotVoiceRequest
	}
	v := VoiceRequest{Role: RoleParticipant}
	if fl, ok := f.Field(RequestRoleField); ok && fl.Value() != "" {
		v.Role = Role(fl.Value())
		if !v.Role.valid() {
			return VoiceRequest{}, ErrNotVoiceRequest
		}
	}
	if fl, ok := f.Field(RequestJIDField); ok && fl.Value() != "" {
		j, err := jid.Parse(fl.Value())
		if err != nil {
			return VoiceRequest{}, ErrNotVoiceRequest
		}
		v.JID = j
	}
	if fl, ok := f.Field(RequestNickField); ok {
		v.Nick = fl.Value()
	}
	if fl, ok := f.Field(RequestAllowField); ok && len(fl.Values) > 0 {
		b, err := fl.Bool()
		if err != nil {
			return VoiceRequest{}, ErrNotVoiceRequest
		}
		v.Allow = b
	}
	return v, nil
}

// RequestVoice asks the room for voice (§7.13): a visitor in a moderated
// room sends a muc#request form asking for the participant role; the
// room passes it on to its moderators (Config.OnVoiceRequest), and a
// moderator's approval shows as this occupant's new role in OnPresence.
func (r *Room) RequestVoice(ctx context.Context) error {
	f := VoiceRequest{Role: RoleParticipant}.Form()
	return r.s.Send(ctx, stanza.Message{To: r.addr, Type: stanza.NormalMessage}.Wrap(f))
}

// ApproveVoice answers a voice request the room passed on to a moderator
// (§8.6): the approval form with muc#request_allow set to allow. The room
// then grants voice (§8.3) and says so in the occupant's presence.
func ApproveVoice(ctx context.Context, s *xmpp.Session, room jid.JID, req VoiceRequest, allow bool) error {
	req.Allow = allow
	if req.JID.IsZero() && req.Nick == "" {
		return ErrNoTarget
	}
	return s.Send(ctx, stanza.Message{To: room.Bare(), Type: stanza.NormalMessage}.Wrap(req.Form()))
}

// voiceRequest hands a muc#request form from the room to OnVoiceRequest.
// handled is false for another kind of form, which is then a room message
// like any other.
func (r *Room) voiceRequest(el *xmlstream.Element) (handled bool, err error) {
	f, err := form.Parse(el)
	if err != nil || f.FormType() != RequestFormType {
		return false, nil
	}
	v, err := ParseVoiceRequest(f)
	if err != nil {
		return true, err
	}
	r.touch()
	if r.c.cfg.OnVoiceRequest != nil {
		r.c.cfg.OnVoiceRequest(r, v)
	}
	return true, nil
}
