// Package presence implements presence and presence subscriptions of RFC
// 6121 (XMPP IM) §3 and §4: available and unavailable presence with show,
// status (in several languages) and priority; subscribing, approving,
// denying, cancelling and unsubscribing; subscription pre-approval (§3.4);
// directed presence (§4.6); and a [Tracker] that follows the presence the
// session receives and answers who is online, with which resources, at
// what priority.
//
// Pre-approval is sent only to a server that advertises it: include
// [PreApprovalFeature] in the client's stream features so that the
// session records <sub xmlns='urn:xmpp:features:pre-approval'/>, then
// call [PreApprove]. On the receiving side the feature advertises it.
package presence
