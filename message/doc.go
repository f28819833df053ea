// Package message reads and writes the content of instant messages as
// RFC 6121 (XMPP Instant Messaging and Presence) §5.2 defines it: the
// human-readable <body/> and <subject/>, each possibly in several languages
// told apart by xml:lang, and the <thread/> that ties a conversation
// together, with its parent thread.
//
// Sending a chat message is one line:
//
//	err := s.Send(ctx, message.Chat(to, "hello"))
//
// and reading one is [Parse], whose [Message.Body] picks the body in the
// reader's language, following xml:lang inheritance from the stanza.
//
// Covered: §5.2.3 body, §5.2.4 subject and §5.2.5 thread, in full; the
// message types of §5.2.2 are [stanza.MessageType]. The delivery rules of
// §5.1 belong to the server and to routing, not to this package.
// Extension payloads (receipts, chat states and so on) are added with
// [Message.Payload] when sending and read from the element when receiving.
// The XEP-0245 (The /me Command) 1.0 convention is [IsMe] and [Me].
package message
