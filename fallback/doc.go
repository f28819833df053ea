// Package fallback implements XEP-0428 (Fallback Indication) version
// 0.2.1: the <fallback/> element that marks the parts of a message's
// <body/> and <subject/> that are only there for clients that do not
// understand another extension (a reply's quote, a retraction's
// explanation), so that a client that does can hide them.
//
// Regions count Unicode code points, as XEP-0426 (Character counting in
// message bodies) defines; [Strip] removes them from a text. A region that
// does not fit the text it refers to is ignored rather than guessed at:
// showing a fallback is harmless, hiding real text is not.
//
// Left out: the encrypted-message use of earlier versions (XEP-0380
// replaces it).
package fallback
