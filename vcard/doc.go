// Package vcard implements XEP-0054 (vcard-temp) 1.3.0: reading and
// publishing the vCard an XMPP server keeps for each account.
//
// [Get] reads an account's vCard (the zero JID: one's own), [Set] replaces
// one's own: there is no partial update, so Set sends the whole [Card]
// (§2.2). A Card has the common fields as Go values; every other child of
// the <vCard/>, and a common field written in a form the Card does not
// model, is kept in [Card.Extra] as read and written back as it came, so a
// Get, change, Set round trip loses nothing another client published.
//
// A vCard is world-readable (§6): whatever is published, any user of any
// server may read. A PHOTO is limited to [MaxPhotoSize] bytes.
package vcard
