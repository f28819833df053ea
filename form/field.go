package form

import (
	"errors"
	"fmt"

	"github.com/canto-im/xmpp/jid"
)

// Errors about the value of a field.
var (
	ErrBadBool = errors.New("form: boolean value is not 0, 1, false or true")
	ErrBadJID  = errors.New("form: value is not a valid JID")
)

// Value returns the field's first value, or "".
func (fl Field) Value() string {
	if len(fl.Values) == 0 {
		return ""
	}
	return fl.Values[0]
}

// Bool returns the value of a boolean field: "1" and "true" are true, "0",
// "false" and no value are false (XEP-0004 §3.3).
func (fl Field) Bool() (bool, error) {
	switch fl.Value() {
	case "1", "true":
		return true, nil
	case "", "0", "false":
		return false, nil
	}
	return false, ErrBadBool
}

// JIDs returns the values of a jid-single or jid-multi field as JIDs,
// without duplicates (XEP-0004 §3.3 says to ignore them).
func (fl Field) JIDs() ([]jid.JID, error) {
	out := make([]jid.JID, 0, len(fl.Values))
	seen := make(map[jid.JID]struct{}, len(fl.Values))
	for _, v := range fl.Values {
		j, err := jid.Parse(v)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrBadJID, err)
		}
		if _, dup := seen[j]; !dup {
			seen[j] = struct{}{}
			out = append(out, j)
		}
	}
	return out, nil
}
