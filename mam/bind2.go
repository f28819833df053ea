package mam

import (
	"context"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/xmlstream"
)

// XEP-0386 §Performing the bind: the server describes the account's
// archive in <bound/>, at the moment of binding, so that a client knows
// what to fetch without asking first.

// Bind2 returns what the server adds to every Bind 2 <bound/>: the
// <metadata/> of the account's archive. List it in the server's
// [xmpp.Bind2Config].Info. An archive that cannot be read leaves the
// metadata out rather than fail the login (the spec's SHOULD); the client
// can still ask.
func (sv *Service) Bind2() xmpp.BindInfo { return serverInfo{sv} }

type serverInfo struct{ sv *Service }

func (f serverInfo) BoundInfo(_ context.Context, n *xmpp.Negotiation, full jid.JID) (xmlstream.Marshaler, error) {
	first, last, ok, err := f.sv.archive.Bounds(full.Bare())
	if err != nil {
		n.Logger().Warn("mam: archive metadata for Bind 2", "jid", full.Bare().String(), "err", err)
		return nil, nil
	}
	return metadata{first: first, last: last, ok: ok}, nil
}

func (serverInfo) ReadBound(context.Context, *xmpp.Negotiation, *xmlstream.Element) error {
	return errors.New("mam: Service.Bind2 is the server's; use mam.Bind2")
}

// Bind2 returns the client's reader of the archive's <metadata/> in Bind
// 2's <bound/>: list it in [xmpp.Bind2Config].Info, and find the metadata
// with [BoundMetadata].
func Bind2() xmpp.BindInfo { return clientInfo{} }

type clientInfo struct{}

var boundKey = xmpp.NewExtensionKey[*Metadata]("mam bound")

func (clientInfo) BoundInfo(context.Context, *xmpp.Negotiation, jid.JID) (xmlstream.Marshaler, error) {
	return nil, errors.New("mam: Bind2 is the client's; use Service.Bind2")
}

// ReadBound keeps the metadata if the server sent it. Malformed metadata
// is logged and left out: it is a hint, not worth failing the login.
func (clientInfo) ReadBound(_ context.Context, n *xmpp.Negotiation, bound *xmlstream.Element) error {
	if bound == nil {
		return nil
	}
	el, ok := bound.Child(NS, MetadataName.Local)
	if !ok {
		return nil
	}
	m, err := ParseMetadata(el)
	if err != nil {
		n.Logger().Warn("mam: Bind 2", "err", err)
		return nil
	}
	boundKey.Attach(n, &m)
	return nil
}

// BoundMetadata returns the archive's metadata the server sent in Bind 2's
// <bound/> when s was bound, and whether it sent any (see [Bind2]).
func BoundMetadata(s *xmpp.Session) (Metadata, bool) {
	m, ok := boundKey.Get(s)
	if !ok {
		return Metadata{}, false
	}
	return *m, true
}
