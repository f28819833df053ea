package message_test

import (
	"testing"

	"github.com/canto-im/xmpp/message"
)

func TestIsMe(t *testing.T) {
	for _, tc := range []struct {
		body   string
		action string
		ok     bool
	}{
		// XEP-0245 §2: the example and the bodies that do not match.
		{"/me shrugs in disgust", "shrugs in disgust", true},
		{"/meshrugs in disgust", "", false},
		{"/me's disgusted", "", false},
		{" /me shrugs in disgust", "", false},
		{`"/me shrugs in disgust"`, "", false},
		{"* Atlas shrugs in disgust", "", false},
		{`Why did Atlas say "/me shrugs in disgust"?`, "", false},
		{"/me ", "", true},
		{"/me  two spaces", " two spaces", true},
		{"/ME shrugs", "", false},
		{"/me\tshrugs", "", false},
		{"/me", "", false},
		{"", "", false},
	} {
		action, ok := message.IsMe(tc.body)
		if action != tc.action || ok != tc.ok {
			t.Errorf("IsMe(%q) = %q, %v; want %q, %v", tc.body, action, ok, tc.action, tc.ok)
		}
		if ok {
			if back := message.Me(action); back != tc.body {
				t.Errorf("Me(%q) = %q, want %q", action, back, tc.body)
			}
		}
	}
}
