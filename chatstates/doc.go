// Package chatstates implements XEP-0085: Chat State Notifications,
// version 2.1.
//
// A chat state says what a conversation partner is doing: [Active],
// [Composing], [Paused], [Inactive] or [Gone] (§2). It travels as one empty
// element in a message, either next to a body (a content message, which
// should carry Active) or alone (a standalone notification, built with
// [Standalone]). [Of] reads the state of a received message; [Handler]
// routes messages that carry one.
//
// Rules the application keeps (§5): send states only to a partner that
// supports them (disco, or a state in its first reply), never the same
// standalone state twice in a row, and only to partners trusted to know
// (§9: a state reveals presence at the keyboard); let the user turn them
// off. States are only for message types chat and groupchat (§5.4);
// [Of] reads them from any type but an error, and refuses a message with
// more than one (§5.6).
package chatstates
