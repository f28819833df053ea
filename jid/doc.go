// Package jid implements XMPP addresses (JIDs) as defined in RFC 7622, and the
// JID escaping of XEP-0106.
//
// A JID has the form [localpart@]domainpart[/resourcepart]. Parse and New
// validate every part and normalise it, so that two JIDs naming the same
// entity are equal with ==:
//
//   - the localpart is enforced with the PRECIS UsernameCaseMapped profile
//     (RFC 8265: width mapping, lower-casing, NFC, and the Bidi Rule for
//     strings that contain right-to-left characters), and must not contain
//     the characters " & ' / : < > @ or space (RFC 7622 §3.3.1);
//   - the domainpart has one trailing dot removed, is either a bracketed IPv6
//     literal (written in its RFC 5952 form) or a domain name mapped through
//     UTS #46 lookup processing (case, width and compatibility mapping, NFC)
//     and converted to U-labels, with only letters, digits and hyphens in
//     ASCII labels, no empty labels, and no label longer than 63 octets in
//     its A-label form (RFC 5890, RFC 5891); an IPv4 address is accepted as
//     a name made of digit labels;
//   - the resourcepart is enforced with the PRECIS OpaqueString profile, so
//     its case is preserved;
//   - each part is 1 to 1023 octets after normalisation. Any part given as
//     more than 4092 octets is rejected before any Unicode processing, which
//     bounds the work a hostile peer can cause.
//
// Invalid UTF-8 is always rejected. Errors can be inspected with errors.Is
// against the part sentinels (ErrLocalpart, ErrDomainpart, ErrResourcepart)
// and the reason sentinels (ErrEmpty, ErrTooLong, ErrInvalidUTF8,
// ErrForbiddenChar, ErrLabel, ErrIPLiteral); other reasons wrap the PRECIS or
// IDNA error.
//
// Pure-ASCII input, the common case on the wire, is handled without PRECIS or
// IDNA by a fast path, and non-ASCII local and resource parts that are
// already in normal form are recognised without running PRECIS; both give
// exactly the answers of the full path, which the tests check. When the
// input is already normalised the JID shares its string instead of copying
// it.
package jid
