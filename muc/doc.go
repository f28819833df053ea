// Package muc implements the client side of XEP-0045 (Multi-User Chat)
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
// Left out: the admin's approval of registration requests (§9.9).
package muc
