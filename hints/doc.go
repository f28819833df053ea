// Package hints implements XEP-0334 (Message Processing Hints) version
// 1.0.0: the empty elements in the urn:xmpp:hints namespace a sender puts
// in a message to tell the entities on its path how to treat it.
//
// The four hints of §4 are [NoPermanentStore], [NoStore], [NoCopy] and
// [Store]; each is an [xmlstream.Marshaler], so it is added to a message as
// a payload ([message.Message.Payload], [stanza.Message.Wrap]). [Has] reads
// one from a received message, ignoring hints in error messages as §5
// asks (an error often echoes the payload of the message it answers).
//
// The <private/> element that keeps a message out of Message Carbons is not
// a hint: XEP-0280 defines it, in package carbons. XEP-0280 §8 asks a
// sender to add both, and the embedded server honours either.
//
// Hints are only hints (§5): no entity is bound by them, so an application
// must not rely on them for privacy.
package hints
