package xmpp

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// NSBind2 is the namespace of Bind 2 (XEP-0386).
const NSBind2 = "urn:xmpp:bind:0"

var bind2Name = xml.Name{Space: NSBind2, Local: "bind"}

// maxBind2Tag bounds the client's <tag/> as the server reads it.
const maxBind2Tag = 64

// BindFeature is a feature a client can enable for its new session
// inside a Bind 2 request (XEP-0386 §Performing the bind): message
// carbons, client state indication, stream management. Feature packages
// implement it; both sides use the same value.
type BindFeature interface {
	// Var is the feature's namespace, as the server lists it in
	// <bind><inline><feature var=''/></inline></bind>; the client's
	// request is an element in this namespace.
	Var() string
	// BindRequest, on the client, returns the element to add to <bind/>
	// (nil for none). It is called only when the server lists Var.
	BindRequest(ctx context.Context, n *Negotiation) (xmlstream.Marshaler, error)
	// Bound, on the client that sent a request, reads the server's
	// answer from <bound/> (nil when the server sent no <bound/>). It
	// may attach the feature's state to the session. [ErrBindNotEnabled]
	// reports a feature the server declined; any other error fails the
	// login.
	Bound(ctx context.Context, n *Negotiation, bound *xmlstream.Element) error
	// Enable, on the server, enables the feature for the session of full
	// as req asks, and returns its answer to add to <bound/> (nil for
	// none). [ErrBindNotEnabled] with an answer declines the request;
	// any other error fails the authentication.
	Enable(ctx context.Context, n *Negotiation, full jid.JID, req *xmlstream.Element) (xmlstream.Marshaler, error)
}

// ErrBindNotEnabled, returned (or wrapped) by a [BindFeature]'s Bound or
// Enable, reports that the feature was answered but not enabled: the
// server declined it inside <bound/> (say, stream management's
// <failed/>). The login goes on, and [SASL2Of] does not list the feature
// as enabled. On the server, the answer Enable returns with it is still
// added to <bound/>.
var ErrBindNotEnabled = errors.New("xmpp: Bind 2 feature not enabled")

// A BindInfo is what the server says in every <bound/>, requested or not:
// XEP-0386 §Performing the bind has the server describe the account's
// message archive there (XEP-0313's <metadata/>). Unlike a [BindFeature]
// it is not listed in <inline/> and has no request. Feature packages
// implement it.
type BindInfo interface {
	// BoundInfo, on the server, returns what to add to <bound/> for the
	// session of full (nil for nothing). An error fails the
	// authentication.
	BoundInfo(ctx context.Context, n *Negotiation, full jid.JID) (xmlstream.Marshaler, error)
	// ReadBound, on the client, reads <bound/> (nil when the server sent
	// none). It may attach state to the session; an error fails the
	// login.
	ReadBound(ctx context.Context, n *Negotiation, bound *xmlstream.Element) error
}

// Bind2Config configures [Bind2].
type Bind2Config struct {
	// Tag is the client's resource prefix (its software's name, say);
	// the server appends a random part. Empty lets the server choose
	// the whole resource.
	Tag string
	// Assign, on the server, reserves the resource: it gets the resource
	// the server made up from the tag and returns the one to bind, or a
	// [stanza.Error] to refuse. nil binds the made-up resource.
	Assign ResourceAssigner
	// Features are the inline features to enable (client) or offer
	// (server).
	Features []BindFeature
	// Info are what the server adds to every <bound/> (server) and what
	// reads it (client), after Features.
	Info []BindInfo
}

// Bind2 returns Bind 2 (XEP-0386) as an inline feature of [SASL2] and
// [SASL2Server]: the resource is bound, and Features enabled, in the
// authentication's round trip. The server makes the resource from the
// client's tag and a random part. [SASL2Of] lists what was enabled.
func Bind2(cfg Bind2Config) SASL2Inline {
	cfg.Features = slices.Clone(cfg.Features)
	cfg.Info = slices.Clone(cfg.Info)
	return bind2{cfg: cfg}
}

type bind2 struct{ cfg Bind2Config }

// bind2State is one session's Bind 2 outcome.
type bind2State struct {
	requested []BindFeature
	enabled   []string
}

var bind2StateKey = NewExtensionKey[*bind2State]("bind2")

func (bind2) Name() xml.Name { return bind2Name }

func (b bind2) Advertise(_ context.Context, _ *Negotiation, w xmlstream.Encoder) error {
	if err := w.Start(bind2Name); err != nil {
		return err
	}
	if len(b.cfg.Features) > 0 {
		if err := w.Start(xml.Name{Space: NSBind2, Local: "inline"}); err != nil {
			return err
		}
		for _, f := range b.cfg.Features {
			if err := w.EmptyElement(xml.Name{Space: NSBind2, Local: "feature"}, xml.Attr{Name: xml.Name{Local: "var"}, Value: f.Var()}); err != nil {
				return err
			}
		}
		if err := w.End(); err != nil {
			return err
		}
	}
	return w.End()
}

// offeredVars lists the vars of the server's Bind 2 <inline/>.
func offeredVars(offer *xmlstream.Element) []string {
	var vars []string
	if in, ok := offer.Child(NSBind2, "inline"); ok {
		for c := range in.Children() {
			if c.Name() == (xml.Name{Space: NSBind2, Local: "feature"}) {
				vars = append(vars, c.Attr("var"))
			}
		}
	}
	return vars
}

func (b bind2) Request(ctx context.Context, n *Negotiation, offer *xmlstream.Element) (xmlstream.Marshaler, error) {
	vars := offeredVars(offer)
	st := &bind2State{}
	var reqs []xmlstream.Marshaler
	for _, f := range b.cfg.Features {
		if !slices.Contains(vars, f.Var()) {
			continue
		}
		m, err := f.BindRequest(ctx, n)
		if err != nil {
			return nil, err
		}
		if m != nil {
			reqs = append(reqs, m)
			st.requested = append(st.requested, f)
		}
	}
	bind2StateKey.Attach(n, st)
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(bind2Name); err != nil {
			return err
		}
		if b.cfg.Tag != "" {
			if err := w.TextElement(xml.Name{Space: NSBind2, Local: "tag"}, b.cfg.Tag); err != nil {
				return err
			}
		}
		for _, m := range reqs {
			if err := m.WriteXML(w); err != nil {
				return err
			}
		}
		return w.End()
	}), nil
}

func (b bind2) Result(ctx context.Context, n *Negotiation, success *xmlstream.Element) (FeatureResult, error) {
	az, _ := success.Child(NSSASL2, "authorization-identifier")
	full, err := jid.Parse(az.Text())
	if err != nil || full.Resourcepart() == "" {
		return FeatureResult{}, fmt.Errorf("xmpp: Bind 2: the server bound %q, which is not a full JID", az.Text())
	}
	bound, ok := success.Child(NSBind2, "bound")
	if !ok {
		bound = nil
	}
	st, _ := bind2StateKey.Lookup(n)
	if st == nil {
		st = &bind2State{}
	}
	for _, f := range st.requested {
		switch err := f.Bound(ctx, n, bound); {
		case errors.Is(err, ErrBindNotEnabled):
			// declined: the login goes on without it
		case err != nil:
			return FeatureResult{}, fmt.Errorf("xmpp: Bind 2 %s: %w", f.Var(), err)
		default:
			st.enabled = append(st.enabled, f.Var())
		}
	}
	for _, in := range b.cfg.Info {
		if err := in.ReadBound(ctx, n, bound); err != nil {
			return FeatureResult{}, fmt.Errorf("xmpp: Bind 2: %w", err)
		}
	}
	return FeatureResult{Add: Bound, Local: full}, nil
}

func (b bind2) Process(ctx context.Context, n *Negotiation, user jid.JID, req *xmlstream.Element) (xmlstream.Marshaler, FeatureResult, error) {
	full, err := b.bind(ctx, user, req)
	if err != nil {
		return nil, FeatureResult{}, err
	}
	st := &bind2State{}
	var answers []xmlstream.Marshaler
	var seen []string
	for c := range req.Children() {
		ns := c.Name().Space
		i := slices.IndexFunc(b.cfg.Features, func(f BindFeature) bool { return f.Var() == ns })
		if ns == NSBind2 || i < 0 || slices.Contains(seen, ns) {
			continue // not offered: ignored, as unknown requests are
		}
		seen = append(seen, ns)
		ans, err := b.cfg.Features[i].Enable(ctx, n, full, c)
		switch {
		case errors.Is(err, ErrBindNotEnabled):
			// declined: answered, not enabled
		case err != nil:
			return nil, FeatureResult{}, err
		default:
			st.enabled = append(st.enabled, ns)
		}
		if ans != nil {
			answers = append(answers, ans)
		}
	}
	for _, in := range b.cfg.Info {
		ans, err := in.BoundInfo(ctx, n, full)
		if err != nil {
			return nil, FeatureResult{}, err
		}
		if ans != nil {
			answers = append(answers, ans)
		}
	}
	bind2StateKey.Attach(n, st)
	bound := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(xml.Name{Space: NSBind2, Local: "bound"}); err != nil {
			return err
		}
		for _, a := range answers {
			if err := a.WriteXML(w); err != nil {
				return err
			}
		}
		return w.End()
	})
	return bound, FeatureResult{Add: Bound, Remote: full}, nil
}

// bind makes the resource from the client's tag and a random part
// (XEP-0386 §Resource identifier generation: "tag/random").
func (b bind2) bind(ctx context.Context, user jid.JID, req *xmlstream.Element) (jid.JID, error) {
	var tag string
	if t, ok := req.Child(NSBind2, "tag"); ok {
		tag = strings.TrimSpace(t.Text())
	}
	if len(tag) > maxBind2Tag {
		return jid.JID{}, errors.New("xmpp: Bind 2 tag too long")
	}
	resource := stanza.NewID()
	if tag != "" {
		resource = tag + "/" + resource
	}
	if b.cfg.Assign != nil {
		var err error
		if resource, err = b.cfg.Assign(ctx, user, resource); err != nil {
			return jid.JID{}, err
		}
	}
	full, err := user.WithResource(resource)
	if err != nil {
		return jid.JID{}, fmt.Errorf("xmpp: Bind 2: invalid resource: %w", err)
	}
	return full, nil
}
