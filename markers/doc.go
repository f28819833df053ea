// Package markers implements XEP-0333: Displayed Markers (formerly Chat
// Markers), version 1.0.0.
//
// A sender marks a message as one whose display it wants to hear about by
// adding [Markable] to it (the message must have an id, §4.1); the recipient
// answers with a [Marker] of kind [Displayed] naming that id, for the most
// recent message displayed. [Handler] routes markers to the application.
//
// Version 0.5.0 removed the <received/> marker (XEP-0184 does that job) and
// the <acknowledged/> marker. Both still come from clients written to
// earlier versions, so this package reads and writes them as the kinds
// [Received] and [Acknowledged]; new code sends Displayed.
//
// Rules the application keeps (§4, §5): never answer a marker with a
// marker; send Displayed only for messages that were markable, and only to
// contacts allowed to see the account's presence (§7: a marker reveals that
// the user is there); ignore a marker whose id is unknown, older than the
// last one, or that comes from someone other than the message's recipient:
// markers carry no authority, and [Handler] passes on who sent each.
package markers
