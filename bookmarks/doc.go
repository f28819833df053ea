// Package bookmarks implements chat room bookmarks: XEP-0402 (PEP Native
// Bookmarks) 1.2.0, and for servers without it the XEP-0048 (Bookmarks)
// 1.2 storage, kept in XEP-0049 (Private XML Storage) 1.2.
//
// XEP-0402 keeps one PEP item per room in the node [NS], the item ID being
// the room's JID and the payload a [Conference]. XEP-0048 keeps all
// bookmarks in one <storage xmlns='storage:bookmarks'/> ([Storage]),
// written whole. A server that announces [CompatFeature] on the account
// keeps the two in step (XEP-0402 §5.3), so a client may use XEP-0402 only.
//
// Bookmarks hold room passwords: they are private to the account. XEP-0402
// items are published with the access model "whitelist" (§3.2) so that no
// contact reads them.
package bookmarks
