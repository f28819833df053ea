// Package pubsub implements the client side of XEP-0060 Publish-Subscribe
// (version 1.30.0) and of XEP-0163 Personal Eventing Protocol (version
// 1.2.2), whose nodes are pubsub nodes at a user's bare JID.
//
// The helpers ask a pubsub service (or, for PEP, the account's own bare
// JID, or the zero JID which means the same) to publish, fetch, retract,
// create, configure, delete and purge, to subscribe (with subscription
// options, §6.3: [SubscriptionOptions], [SetSubscriptionOptions],
// [SubscribeWithOptions]) and to list subscriptions and affiliations. [Handler] receives the event
// notifications a service sends, accepting them only from the services the
// application subscribed to and, for the PEP nodes it is interested in
// ("+notify", advertised through entity capabilities), from the bare JID
// that owns the node.
//
// The service side of PEP is here too, for any server built on this
// module: [PEP] answers the requests to an account's service over a
// [Store] ([MemoryStore] in memory), with node configuration, the open,
// presence and whitelist access models and quotas ([Limits]); the server
// says how each requester stands to the account ([Relation]) and sends the
// notifications PEP returns to the interested entities.
package pubsub
