package disco

import (
	"context"
	"slices"
	"strings"

	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
)

// A Feature is something an entity supports and advertises in disco#info.
//
// The handler types of feature packages implement it without importing
// this package, by having the method; ping.Handler, version.Handler and
// xtime.Handler do. A Feature that also has a method
//
//	Handle() mux.Option
//
// is routed by [Handler.Handle] as well, so that what is advertised is
// what is answered.
type Feature interface {
	// DiscoFeatures returns the feature vars to advertise, usually the
	// namespaces the feature serves.
	DiscoFeatures() []string
}

// Var is a Feature that advertises one var and routes nothing: a
// namespace the application supports without a handler of this kind
// (e.g. disco.Var(forward.NS)).
type Var string

// DiscoFeatures returns v.
func (v Var) DiscoFeatures() []string { return []string{string(v)} }

// router is a Feature whose routes Handle registers.
type router interface{ Handle() mux.Option }

// NodeHandler answers queries that name a node (XEP-0030 §3.2, §4.2). To
// say a node does not exist, return stanza.NewError(stanza.ItemNotFound).
// from is the requester: the request's 'from', or the stream's peer when
// it had none. (On a server's client stream, 'from' is what the client
// wrote: check it against the session's RemoteAddr before trusting it.)
type NodeHandler interface {
	NodeInfo(ctx context.Context, from jid.JID, node string) (Info, error)
	NodeItems(ctx context.Context, from jid.JID, node string) ([]Item, error)
}

// Handler answers disco#info and disco#items queries about this entity.
// It is a configuration: Handle copies it, so changing it afterwards does
// not change what is answered.
type Handler struct {
	// Identities are what the entity is. Nil means one identity,
	// category "client" and type "bot" (XEP-0030 requires at least one).
	Identities []Identity
	// Features are what the entity supports, besides disco#info and
	// disco#items (and caps, with CapsNode), which are always advertised.
	Features []Feature
	// Forms are XEP-0128 extended information: result forms, each with a
	// hidden FORM_TYPE. Nil for none.
	Forms []form.Form
	// Items are the entity's items (a query without node). Nil answers
	// an empty list. Queries may page them with XEP-0059 result sets.
	Items []Item
	// Nodes answers queries that name a node other than the caps node.
	// Nil answers item-not-found for every node.
	Nodes NodeHandler
	// CapsNode is the XEP-0115 node URI of the software (e.g.
	// "https://canto.im"). Empty means no entity capabilities: Caps fails
	// and the caps feature is not advertised.
	CapsNode string
	// CapsHash is the hash function of the caps verification string.
	// Empty means "sha-1", which XEP-0115 makes mandatory.
	CapsHash string
}

// defaultIdentity is the identity of a Handler that names none.
var defaultIdentity = Identity{Category: "client", Type: "bot"}

// Info returns what the Handler answers to a disco#info query without
// node: its identities and features sorted and without duplicates, and
// its forms sorted by FORM_TYPE.
func (h Handler) Info() Info {
	ids := slices.Clone(h.Identities)
	if ids == nil {
		ids = []Identity{defaultIdentity}
	}
	slices.SortFunc(ids, compareIdentities)
	features := []string{NSInfo, NSItems}
	if h.CapsNode != "" {
		features = append(features, NSCaps)
	}
	for _, f := range h.Features {
		features = append(features, f.DiscoFeatures()...)
	}
	slices.Sort(features)
	forms := slices.Clone(h.Forms)
	slices.SortStableFunc(forms, func(a, b form.Form) int { return strings.Compare(a.FormType(), b.FormType()) })
	return Info{Identities: slices.Compact(ids), Features: slices.Compact(features), Forms: forms}.clone()
}

// hashName returns the caps hash function to use.
func (h Handler) hashName() string {
	if h.CapsHash == "" {
		return "sha-1"
	}
	return h.CapsHash
}

// Caps returns the <c/> element to add to this entity's presence
// (XEP-0115 §4). It fails with ErrCapsElement when CapsNode is empty,
// ErrCapsHash for an unsupported CapsHash, ErrCapsIllFormed when two
// forms share a FORM_TYPE.
func (h Handler) Caps() (Caps, error) {
	if h.CapsNode == "" {
		return Caps{}, ErrCapsElement
	}
	ver, err := Ver(h.Info(), h.hashName())
	if err != nil {
		return Caps{}, err
	}
	return Caps{Hash: h.hashName(), Node: h.CapsNode, Ver: ver}, nil
}

// Handle returns the mux routes of the Handler: disco#info and
// disco#items, and the routes of every Feature that has a Handle method.
// The answers are computed once, here.
func (h Handler) Handle() mux.Option {
	var opts []mux.Option
	for _, f := range h.Features {
		if r, ok := f.(router); ok {
			opts = append(opts, r.Handle())
		}
	}
	return mux.Options(append(opts, newResponder(h).routes()...)...)
}
