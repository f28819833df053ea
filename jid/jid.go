package jid

import (
	"encoding/xml"
	"errors"
	"strings"
)

// JID is a normalised XMPP address. The zero value is the empty JID.
// JIDs are comparable: two JIDs that denote the same address are ==.
type JID struct {
	full   string
	domEnd uint16
	locLen uint16
}

// Parse parses and normalises s.
func Parse(s string) (JID, error) {
	local, domain, res, err := split(s)
	if err != nil {
		return JID{}, err
	}
	return New(local, domain, res)
}

func split(s string) (string, string, string, error) {
	rest, res, hasRes := strings.Cut(s, "/")
	local, domain, hasLocal := strings.Cut(rest, "@")
	if !hasLocal {
		local, domain = "", rest
	} else if local == "" {
		return "", "", "", errors.New("jid: empty localpart")
	}
	if hasRes && res == "" {
		return "", "", "", errors.New("jid: empty resourcepart")
	}
	return local, domain, res, nil
}

// New builds a JID from its parts.
func New(local, domain, resource string) (JID, error) {
	if domain == "" {
		return JID{}, errors.New("jid: empty domainpart")
	}
	full := domain
	if local != "" {
		full = local + "@" + domain
	}
	j := JID{domEnd: uint16(len(full)), locLen: uint16(len(local))}
	if resource != "" {
		full += "/" + resource
	}
	j.full = full
	return j, nil
}

// MustParse is like Parse but panics on error.
func MustParse(s string) JID {
	j, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return j
}

// Localpart returns the localpart.
func (j JID) Localpart() string { return j.full[:j.locLen] }

// Domainpart returns the domainpart.
func (j JID) Domainpart() string {
	start := int(j.locLen)
	if start > 0 {
		start++
	}
	return j.full[start:j.domEnd]
}

// Resourcepart returns the resourcepart.
func (j JID) Resourcepart() string {
	if int(j.domEnd) >= len(j.full) {
		return ""
	}
	return j.full[j.domEnd+1:]
}

// Bare returns the JID without resource.
func (j JID) Bare() JID { return JID{full: j.full[:j.domEnd], domEnd: j.domEnd, locLen: j.locLen} }

// Domain returns the domain-only JID.
func (j JID) Domain() JID {
	d := j.Domainpart()
	return JID{full: d, domEnd: uint16(len(d))}
}

// String returns the JID as a string.
func (j JID) String() string { return j.full }

// Equal reports whether j and o are the same.
func (j JID) Equal(o JID) bool { return j == o }

// IsZero reports whether j is the zero JID.
func (j JID) IsZero() bool { return j.full == "" }

// MarshalText implements encoding.TextMarshaler.
func (j JID) MarshalText() ([]byte, error) { return []byte(j.full), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (j *JID) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*j = JID{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*j = p
	return nil
}

// MarshalXMLAttr implements xml.MarshalerAttr.
func (j JID) MarshalXMLAttr(name xml.Name) (xml.Attr, error) {
	if j.IsZero() {
		return xml.Attr{}, nil
	}
	return xml.Attr{Name: name, Value: j.full}, nil
}

// UnmarshalXMLAttr implements xml.UnmarshalerAttr.
func (j *JID) UnmarshalXMLAttr(attr xml.Attr) error { return j.UnmarshalText([]byte(attr.Value)) }

// Escape applies XEP-0106 escaping.
func Escape(local string) string { return local }

// Unescape reverses XEP-0106 escaping.
func Unescape(local string) string { return local }
