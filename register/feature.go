package register

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"slices"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// FeatureName is the stream feature's element (§8).
var FeatureName = xml.Name{Space: FeatureNS, Local: "register"}

// ErrFields means the server asks for fields other than username and
// password, which [Feature] cannot fill in.
var ErrFields = errors.New("register: the server asks for more than a username and password")

// ErrRegistered means the server says the stream already has an account.
var ErrRegistered = errors.New("register: already registered")

// Feature returns the stream feature that creates the account username
// with password on a server that offers in-band registration, before
// SASL: list it after STARTTLS and before SASL (which then logs in with
// the new account). It is a value: reusing it for several sessions
// registers the same name each time. A refusal comes back as the
// server's [stanza.Error] (conflict for a taken name, not-acceptable for
// a name the server refuses). A server that does not offer registration
// skips the feature, and the login that follows fails.
func Feature(username, password string) xmpp.StreamFeature {
	return clientFeature{username, password}
}

type clientFeature struct{ username, password string }

func (clientFeature) Name() xml.Name { return FeatureName }

func (clientFeature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Secure, xmpp.Authenticated, 0
}

func (clientFeature) Advertise(context.Context, *xmpp.Negotiation, xmlstream.Encoder) (bool, bool, error) {
	return false, false, nil
}

func (f clientFeature) Negotiate(ctx context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmpp.FeatureResult, error) {
	form, err := exchange(ctx, n, stanza.GetIQ, Query{})
	if err != nil {
		return xmpp.FeatureResult{}, err
	}
	if form.Registered {
		return xmpp.FeatureResult{}, ErrRegistered
	}
	for _, fl := range form.Fields {
		if fl != "username" && fl != "password" {
			return xmpp.FeatureResult{}, fmt.Errorf("%w: %q", ErrFields, fl)
		}
	}
	_, err = exchange(ctx, n, stanza.SetIQ, Query{Username: f.username, Password: f.password})
	return xmpp.FeatureResult{}, err
}

// exchange sends one IQ during negotiation and reads its answer's query
// (a zero Query for an empty result).
func exchange(ctx context.Context, n *xmpp.Negotiation, typ stanza.IQType, q Query) (Query, error) {
	id := stanza.NewID()
	if err := n.Send(ctx, stanza.IQ{ID: id, Type: typ}.Wrap(q)); err != nil {
		return Query{}, err
	}
	el, err := n.Read(ctx)
	if err != nil {
		return Query{}, err
	}
	if el.Name().Local != "iq" || el.Attr("id") != id {
		return Query{}, fmt.Errorf("register: expected the answer to IQ %s, got <%s/>", id, el.Name().Local)
	}
	switch el.Attr("type") {
	case string(stanza.ResultIQ):
		if c, ok := el.Child(NS, "query"); ok {
			return Parse(c)
		}
		return Query{}, nil
	case string(stanza.ErrorIQ):
		for c := range el.Children() {
			if c.Name().Local == "error" {
				se, err := stanza.ParseError(c)
				if err != nil {
					return Query{}, err
				}
				return Query{}, se
			}
		}
	}
	return Query{}, errors.New("register: malformed answer")
}

// CreateFunc creates an account for [ServerFeature]. It returns a
// [stanza.Error] to refuse: conflict for a name taken, not-acceptable for
// a name or password refused, resource-constraint when the client has
// registered too much; any other error answers internal-server-error.
type CreateFunc func(ctx context.Context, username, password string) error

// ServerFeature returns the receiving side of in-band registration: it
// offers the stream feature on secure, unauthenticated streams and
// answers the registration form (username and password) and the set that
// creates the account with create, as often as the peer asks within the
// negotiation's attempt limit. Registration does not log in: the client
// then authenticates with SASL.
func ServerFeature(instructions string, create CreateFunc) xmpp.StreamFeature {
	return serverFeature{instructions, create}
}

type serverFeature struct {
	instructions string
	create       CreateFunc
}

// Name is the query's name: the receiving side matches IQs to the feature
// by their payload's namespace. What is advertised is FeatureName.
func (serverFeature) Name() xml.Name { return QueryName }

// States: it never establishes Authenticated, so it stays on offer (for
// the set after the get) until SASL does.
func (serverFeature) States() (needs, excludes, provides xmpp.State) {
	return xmpp.Secure, xmpp.Authenticated, xmpp.Authenticated
}

func (serverFeature) Advertise(_ context.Context, _ *xmpp.Negotiation, w xmlstream.Encoder) (bool, bool, error) {
	return true, false, w.EmptyElement(FeatureName)
}

func (f serverFeature) Negotiate(ctx context.Context, n *xmpp.Negotiation, el *xmlstream.Element) (xmpp.FeatureResult, error) {
	answer, err := f.answer(ctx, el)
	if err != nil {
		var se stanza.Error
		if !errors.As(err, &se) {
			n.Logger().Error("register: creating an account", "err", err)
			se = stanza.NewError(stanza.InternalServerError)
		}
		return xmpp.FeatureResult{}, n.Send(ctx, xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
			return stanza.WriteErrorReply(w, el, se)
		}))
	}
	return xmpp.FeatureResult{}, n.Send(ctx, stanza.IQ{ID: el.Attr("id"), Type: stanza.ResultIQ}.Wrap(answer))
}

// answer handles one IQ: the form for a get, the account for a set.
func (f serverFeature) answer(ctx context.Context, el *xmlstream.Element) (xmlstream.Marshaler, error) {
	c, ok := el.Child(NS, "query")
	if !ok {
		return nil, stanza.NewError(stanza.BadRequest)
	}
	q, err := Parse(c)
	if err != nil {
		return nil, stanza.NewError(stanza.BadRequest)
	}
	switch stanza.IQType(el.Attr("type")) {
	case stanza.GetIQ:
		return Query{Instructions: f.instructions, Fields: []string{"username", "password"}}, nil
	case stanza.SetIQ:
		if q.Remove {
			return nil, stanza.NewError(stanza.RegistrationRequired) // nothing to remove before logging in
		}
		if q.Username == "" || q.Password == "" || slices.ContainsFunc(q.Fields, func(s string) bool { return s == "username" || s == "password" }) {
			return nil, stanza.Error{Type: stanza.Modify, Condition: stanza.NotAcceptable, Text: "username and password required"}
		}
		return nil, f.create(ctx, q.Username, q.Password)
	}
	return nil, stanza.NewError(stanza.BadRequest)
}
