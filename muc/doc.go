// Package muc implements both sides of XEP-0045 (Multi-User Chat)
// version 1.35.5, with XEP-0249 (Direct MUC Invitations) version 1.2 and
// XEP-0410 (MUC Self-Ping) version 1.1.0.
//
// The wire types are the <x/> a client sends to join (§7.2), the
// muc#user <x/> of room presence and messages (§7.2.2: items, status
// codes, invitations, destruction), the muc#admin and muc#owner queries
// (§8, §9, §10) and the jabber:x:conference invitation of XEP-0249.
//
// A [Client] keeps the rooms a session has joined: [Client.Join] sends
// the join presence and returns when the room's self-presence (status
// 110) or an error arrives, accepting the default configuration of a room
// the join created (status 201, §10.1.2). A [Room] tracks its occupants
// (roles, affiliations, real JIDs where the room shows them) from the
// room's presence, reports presence and messages to the Client's
// callbacks as plain values, and sends groupchat and private messages,
// subjects, nick changes and invitations. The administration of §8 to
// §10 (roles, affiliations, configuration through data forms, destroy) is
// a set of functions on a session and a room JID.
//
// Security: the Client accepts room presence and messages only from the
// rooms it has joined, that is from the room's bare JID or one of its
// occupant JIDs (room@service/nick); anything else claiming to be room
// traffic is dropped and logged. A mediated invitation (§7.8.2) names the
// room it comes from and its claimed inviter; the inviter cannot be
// verified by the invitee, so applications must treat it as a claim.
//
// XEP-0410: [Room.SelfPing] asks whether the client is still an occupant,
// and [Config.SelfPingInterval] runs it on one timer per room, rejoining
// a room that removed the client silently.
//
// Registration with a room (§7.10) is GetRegistration, Register and
// RegisterNick over jabber:iq:register, and ReservedNick discovers the
// registered nick (§7.12). A visitor asks for voice with Room.RequestVoice
// (§7.13); a moderator receives the room's approval form through
// Config.OnVoiceRequest, accepted only from the room's bare JID, and
// answers with ApproveVoice (§8.6).
//
// The server side is a [Service]: the handler of a XEP-0114 component
// session (or of the in-process session a server mounts on a subdomain)
// serving one MUC domain. It creates rooms on first join (locked until the
// owner configures them, §10.1), applies the muc#roomconfig form
// ([RoomConfig]), admits occupants with the checks of §7.2 (ban,
// members-only, password, capacity, nick conflicts under the PRECIS
// Nickname profile of RFC 8266), reflects groupchat
// with a XEP-0359 stanza-id given by the room, passes private messages
// and mediated invitations on, and serves the muc#admin and muc#owner
// requests, disco#info and disco#items, XEP-0313 queries of a room's
// archive (XEP-0313 §6.1.2) and XEP-0410 self-pings. Persistent rooms and
// archives live in a [RoomStore]; [MemoryStore] keeps them in memory.
//
// Security: the Service trusts the 'from' of what it receives, which the
// server stamps with the sender's full JID, and refuses a stanza without
// one. Every action is checked against the sender's role and affiliation
// in the room (§5); passwords are compared in constant time; quotas bound
// the rooms a user creates, the occupants of a room, the history, the
// archive and the subject. Stanzas for another domain are dropped, since
// any answer would come from an address the service does not own.
//
// Left out: on the client side, the admin's approval of registration
// requests (§9.9); on the service side, registration (§7.10), voice
// requests (§7.13) and reserved nicks (§7.12); the Service also forwards
// no IQs between occupants (§7.5) and lists no occupants in a room's
// disco#items (§6.5 allows that).
package muc
