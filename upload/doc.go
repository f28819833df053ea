// Package upload implements XEP-0363 (HTTP File Upload) 1.2.0, both sides.
//
// A client finds the upload service with [Discover] (a disco#items walk of
// its server for an identity store/file with the urn:xmpp:http:upload:0
// feature, and the max-file-size of its XEP-0128 form), asks it for a
// [Slot] with [RequestSlot], and PUTs the file with [Client.Put], which
// sends exactly the slot's allowed headers (Authorization, Cookie,
// Expires: §5) and reports progress as the body goes out. [Client.Upload]
// does all three and returns the GET URL, which [Message] shares with
// XEP-0066 out-of-band data. The service's §6 errors come back as
// [*FileTooLargeError] and [*RetryError]; others as the [stanza.Error].
//
// [Service] is the other side: an xmpp.Handler for a component session
// serving a domain such as upload.example.org that answers disco and slot
// requests (size limit, per-user quotas of bytes and of slots an hour,
// unpredictable secret paths), and an http.Handler that takes each slot's
// one PUT and serves GETs. Uploaded files are untrusted: they are served
// with the declared type, X-Content-Type-Options: nosniff, a
// Content-Security-Policy that runs nothing, and as attachments unless
// they are images, audio or video, so that HTML uploaded by one user
// cannot run script on the service's origin.
package upload
