package message

import "strings"

// mePrefix is the command of XEP-0245 (The /me Command) 1.0: the exact
// four characters a body must begin with, lower case and followed by one
// space.
const mePrefix = "/me "

// IsMe reports whether body is a XEP-0245 /me command and returns the
// action phrase after the command. Only the exact string "/me " at the very
// start of the body matches (§2): "/meshrugs", "/me's", " /me shrugs" and a
// quoted "/me" do not. The action is returned as written, possibly empty;
// a client shows it after the sender's name as it knows it, never after a
// name the sender claims.
func IsMe(body string) (action string, ok bool) {
	if action, ok = strings.CutPrefix(body, mePrefix); !ok {
		return "", false
	}
	return action, true
}

// Me returns the body of a /me command for action, such as Me("laughs")
// for "/me laughs". The command is sent as is: XEP-0245 defines no
// element.
func Me(action string) string { return mePrefix + action }
