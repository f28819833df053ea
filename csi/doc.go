// Package csi implements XEP-0352 Client State Indication, version 1.0.0,
// on both sides of a client stream.
//
// A client tells its server whether its user is looking: [Inactive] when
// the application goes to the background, [Active] when it comes back. A
// server that offers the feature (see [Feature]) then holds back what can
// wait while the client is inactive: presence updates, of which only the
// latest from each sender is kept, and standalone XEP-0085 chat states.
// Anything else (a message with a body, an IQ) first releases what was
// held, in order, and goes out at once; so does <active/>, and so does an
// overflow of the held queue, which is bounded per session. What is held
// when the stream ends is dropped with it (it is only presence updates and
// chat states, which a new stream's own presence exchange supersedes),
// unless the stream is resumed (XEP-0198): a resumed stream starts active
// (XEP-0352 §5.2), and the server sends on it what [TakeHeld] returns.
// A stream resumed inside SASL2 authentication gets no stream features:
// the server wraps its resumption in [InlineResume] to take indications
// there, and a client that listed [Bind2] knows from Bind 2's offer.
//
// The package is written entirely on the stream seam of package xmpp (an
// [xmpp.ExtensionKey], an [xmpp.Receiver], an [xmpp.Sender] and an
// [xmpp.Ender]), and is
// the example of it that stream management and later features follow.
package csi
