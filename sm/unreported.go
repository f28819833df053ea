package sm

import "github.com/canto-im/xmpp/xmlstream"

// Unreported wraps m, one stanza, for [xmpp.Session.Send] or [Send]: it
// is counted, kept and sent again on resumption like any other stanza,
// but if its stream cannot be resumed it is left out of what is reported
// lost ([Resumption].Lost, [Resumer.Lost], [Resumer.Abandon]); its
// receipt, if any, is still settled with [ErrUnacknowledged]. It is for
// what the sender itself states afresh on every new stream, such as a
// reconnecting client's initial presence (RFC 6121 §4.2): a program that
// sends again what was reported lost would otherwise send a stale
// duplicate after the new one.
func Unreported(m xmlstream.Marshaler) xmlstream.Marshaler { return unreported{m} }

type unreported struct{ m xmlstream.Marshaler }

func (u unreported) WriteXML(w xmlstream.Encoder) error { return u.m.WriteXML(w) }
