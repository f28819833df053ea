// Package xtime implements the date and time profiles of XEP-0082 (XMPP
// Date and Time Profiles) and the entity time protocol of XEP-0202 (Entity
// Time).
//
// The profiles (Date, DateTime, Time) are the lexical forms every XMPP
// extension uses for timestamps: [FormatDateTime] and [ParseDateTime] are
// what XEP-0203 delayed delivery, XEP-0313 archives and others build on.
// Parsing is strict: exactly the forms of XEP-0082, nothing ISO 8601 allows
// beyond them.
//
// Entity time: [Get] asks another entity for its clock; a [Handler]
// registered with a mux answers such queries.
//
// Left out: the legacy CCYYMMDDThh:mm:ss form of the obsolete XEP-0090 and
// XEP-0091, years outside 0000-9999 and the XML Schema end-of-day 24:00:00.
package xtime
