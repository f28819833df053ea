// Package disco implements XEP-0030 (Service Discovery), with XEP-0128
// extended information and XEP-0115 (Entity Capabilities).
//
// Asking: [GetInfo] returns an entity's identities, features and extended
// forms; [Items] iterates over its items, following XEP-0059 result-set
// paging when the responder pages.
//
// Answering: a [Handler] lists the entity's identities, forms and items
// and the [Feature]s it supports. The handlers of feature packages are
// Features without importing this package (they have a DiscoFeatures
// method), so listing ping.Handler{} in Handler.Features both advertises
// urn:xmpp:ping and routes pings to it. [Var] advertises a namespace that
// has no handler.
//
// Capabilities: [Handler.Caps] gives the <c/> element to put in presence,
// with the verification string of XEP-0115 §5.1 ([Ver]); [Caps.Verify]
// checks a received one against an entity's answer (§5.4), and a
// [CapsCache] keeps only results that verified, as §5.4 and §9.3 require:
// a hash that does not match, a missing or unknown hash, or an answer with
// duplicate identities, features or form types is never cached.
//
// Left out: the legacy caps format (no hash attribute, 'ext' bundles);
// publishing items (XEP-0030 §5, removed from the spec); the caps
// stream feature and caps optimization of XEP-0115 §6.3 and §8.4, which
// are a server's business.
package disco
