// Package blocking implements XEP-0191 (Blocking Command) version 1.3,
// with the spam and abuse reports of XEP-0377 (Blocking Command Reports)
// version 0.4.1.
//
// A client asks its server to block addresses ([Block], [BlockAndReport]),
// unblock them ([Unblock], [UnblockAll]) and tell which are blocked
// ([List]); the server then drops what blocked addresses send to the
// account and refuses what the account sends to them (§3.3), with
// not-acceptable and <blocked xmlns='urn:xmpp:blocking:errors'/>
// ([IsBlocked]). When one resource changes the list, the server pushes the
// change to the account's other resources that asked for the list; a
// [Handler] reads those pushes.
//
// Security: a push changes what the client believes is blocked, so
// [Handler] accepts one only from the account itself (no 'from', or the
// account's bare JID), as RFC 6121 §2.1.6 asks of roster pushes; anything
// else is refused with service-unavailable and logged.
//
// [Matches] is the JID matching of §5, shared by the embedded server.
//
// Left out: the stanza ids a XEP-0377 report may carry (they need message
// archives), and reports outside the blocking command (out of XEP-0377's
// scope).
package blocking
