// Package correction implements XEP-0308: Last Message Correction, version
// 1.2.1.
//
// A correction is a new message, with a new id, that carries [Replace]
// naming the id of the message it replaces; the recipient shows its
// content in place of the original's (§3). [Of] reads the <replace/> of a
// received message and [Check] decides whether to accept it.
//
// Who may correct (§4): only the sender of the original. The spec lets a
// direct chat compare bare JIDs and a MUC full JIDs; [Check] always asks
// for the same full JID, which holds in both, so that another resource of
// the account, or another occupant who took over a nickname after a
// leave and join, cannot rewrite a message. The application passes the
// original's sender, as it recorded it when the original arrived.
//
// Left out: the rules on what a correction may carry (§4: only the content
// of an instant message, re-sent whole), which belong to the application.
package correction
