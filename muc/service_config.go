package muc

import (
	"errors"
	"strconv"

	"github.com/canto-im/xmpp/form"
)

// RoomConfig is a room's configuration (§10.2, the muc#roomconfig form of
// §15.5.3). The zero value is a temporary, hidden, open, unmoderated,
// semi-anonymous room without password, subject changes or archive.
type RoomConfig struct {
	Name        string
	Description string
	Persistent  bool // kept when the last occupant leaves
	Public      bool // listed in the service's disco#items
	MembersOnly bool
	Moderated   bool   // only occupants with voice may speak
	Password    string // empty for none
	// MaxUsers bounds the occupants; zero means the service's maximum.
	MaxUsers int
	// NonAnonymous shows real JIDs to every occupant (whois anyone);
	// otherwise only moderators see them.
	NonAnonymous bool
	// HistoryLength is how many messages a joining occupant receives at
	// most; zero means the service's maximum, negative none.
	HistoryLength int
	// Archive keeps the groupchat messages in the room's XEP-0313 archive.
	Archive bool
	// ChangeSubject lets participants change the subject, not only
	// moderators.
	ChangeSubject bool
	// AllowInvites lets participants of a members-only room invite
	// (§7.8.2); admins and owners always may.
	AllowInvites bool
}

// The muc#roomconfig fields (§15.5.3).
const (
	cfgName        = "muc#roomconfig_roomname"
	cfgDesc        = "muc#roomconfig_roomdesc"
	cfgPersistent  = "muc#roomconfig_persistentroom"
	cfgPublic      = "muc#roomconfig_publicroom"
	cfgMembersOnly = "muc#roomconfig_membersonly"
	cfgModerated   = "muc#roomconfig_moderatedroom"
	cfgPassProt    = "muc#roomconfig_passwordprotectedroom"
	cfgSecret      = "muc#roomconfig_roomsecret"
	cfgMaxUsers    = "muc#roomconfig_maxusers"
	cfgWhois       = "muc#roomconfig_whois"
	cfgHistory     = "muc#maxhistoryfetch"
	cfgArchive     = "muc#roomconfig_enablearchiving"
	cfgSubject     = "muc#roomconfig_changesubject"
	cfgInvites     = "muc#roomconfig_allowinvites"
)

// ErrConfig is a configuration form with a value the room cannot take.
var ErrConfig = errors.New("muc: bad room configuration value")

func boolField(v string, b bool) form.Field {
	val := "0"
	if b {
		val = "1"
	}
	return form.Field{Var: v, Type: form.Boolean, Values: []string{val}}
}

// Form returns c as the configuration form an owner fills in (§10.2).
func (c RoomConfig) Form() form.Form {
	whois := "moderators"
	if c.NonAnonymous {
		whois = "anyone"
	}
	maxUsers := "none"
	if c.MaxUsers > 0 {
		maxUsers = strconv.Itoa(c.MaxUsers)
	}
	return form.Form{Type: form.TypeForm, Title: "Room configuration", Fields: []form.Field{
		form.HiddenFormType(ConfigFormType),
		{Var: cfgName, Type: form.TextSingle, Label: "Name", Values: []string{c.Name}},
		{Var: cfgDesc, Type: form.TextSingle, Label: "Description", Values: []string{c.Description}},
		boolField(cfgPersistent, c.Persistent),
		boolField(cfgPublic, c.Public),
		boolField(cfgMembersOnly, c.MembersOnly),
		boolField(cfgModerated, c.Moderated),
		boolField(cfgPassProt, c.Password != ""),
		{Var: cfgSecret, Type: form.TextPrivate, Label: "Password", Values: []string{c.Password}},
		{Var: cfgMaxUsers, Type: form.ListSingle, Label: "Maximum occupants", Values: []string{maxUsers},
			Options: []form.Option{{Value: "10"}, {Value: "20"}, {Value: "50"}, {Value: "100"}, {Value: "none"}}},
		{Var: cfgWhois, Type: form.ListSingle, Label: "Who may see real JIDs", Values: []string{whois},
			Options: []form.Option{{Label: "Moderators only", Value: "moderators"}, {Label: "Anyone", Value: "anyone"}}},
		{Var: cfgHistory, Type: form.TextSingle, Label: "History messages sent on join", Values: []string{historyValue(c.HistoryLength)}},
		boolField(cfgArchive, c.Archive),
		boolField(cfgSubject, c.ChangeSubject),
		boolField(cfgInvites, c.AllowInvites),
	}}
}

// ApplyForm returns c changed by the submitted form f: fields it leaves
// out keep their value (an empty form keeps all, §10.1.2). A value of the
// wrong kind gives ErrConfig.
func (c RoomConfig) ApplyForm(f form.Form) (RoomConfig, error) {
	if ft := f.FormType(); ft != "" && ft != ConfigFormType {
		return c, ErrConfig
	}
	passProt := c.Password != ""
	for _, fl := range f.Fields {
		var err error
		switch fl.Var {
		case cfgName:
			c.Name = fl.Value()
		case cfgDesc:
			c.Description = fl.Value()
		case cfgSecret:
			c.Password = fl.Value()
		case cfgPersistent:
			c.Persistent, err = fl.Bool()
		case cfgPublic:
			c.Public, err = fl.Bool()
		case cfgMembersOnly:
			c.MembersOnly, err = fl.Bool()
		case cfgModerated:
			c.Moderated, err = fl.Bool()
		case cfgPassProt:
			passProt, err = fl.Bool()
		case cfgArchive:
			c.Archive, err = fl.Bool()
		case cfgSubject:
			c.ChangeSubject, err = fl.Bool()
		case cfgInvites:
			c.AllowInvites, err = fl.Bool()
		case cfgMaxUsers:
			c.MaxUsers, err = number(fl.Value(), "none")
		case cfgHistory:
			c.HistoryLength, err = number(fl.Value(), "")
			if err == nil && c.HistoryLength == 0 && fl.Value() != "" {
				c.HistoryLength = -1
			}
		case cfgWhois:
			switch fl.Value() {
			case "moderators":
				c.NonAnonymous = false
			case "anyone":
				c.NonAnonymous = true
			default:
				err = ErrConfig
			}
		}
		if err != nil {
			return c, errors.Join(ErrConfig, err)
		}
	}
	if !passProt {
		c.Password = ""
	} else if c.Password == "" {
		// A password-protected room needs a password (§10.2).
		return c, ErrConfig
	}
	return c, nil
}

// number reads a non-negative decimal, zero for the word none.
func number(s, none string) (int, error) {
	if s == none {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1<<30 {
		return 0, ErrConfig
	}
	return n, nil
}

// historyValue writes HistoryLength: empty for the service's maximum, 0
// for none.
func historyValue(n int) string {
	switch {
	case n < 0:
		return "0"
	case n == 0:
		return ""
	}
	return strconv.Itoa(n)
}
