// Package roster implements the roster of RFC 6121 (XMPP IM) §2, with
// roster versioning (§2.6): getting the roster, adding, updating and
// removing contacts, and accepting the server's roster pushes.
//
// Items are plain Go values ([Item]); a [Roster] is a version with its
// items, which a client may persist and hand back to [Get] at its next
// login, so that a server supporting versioning answers with what changed
// only. [Handler] answers roster pushes: it accepts them only from the
// account's own bare JID or with no 'from' (§2.1.6), refusing anything else
// with service-unavailable, and passes each accepted push to a callback,
// such as a [Local] copy's Apply.
//
// Versioning is used only when the server advertises it: include
// [Feature] in the client's stream features so that the session records
// the <ver xmlns='urn:xmpp:features:rosterver'/> feature (§2.6.1). On the
// receiving side Feature advertises it.
package roster
