// Package lastactivity implements XEP-0012 (Last Activity) version 2.0. The
// answer's meaning depends on the address asked (§7): for a bare JID, the
// time since the user logged out (0 while online) and the last unavailable
// status, which a server tells only those who may see the user's presence
// (§8); for a full JID, idle time; for a domain, uptime.
package lastactivity
