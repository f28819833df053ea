package xmpp

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// SASL2ServerConfig is the receiving side of SASL2 (XEP-0388). It is
// copied by [SASL2Server] and never modified.
type SASL2ServerConfig struct {
	// SASL verifies the client, as for [SASLServer].
	SASL sasl.ServerConfig
	// Inline are the inline features offered, such as [Bind2].
	Inline []SASL2Inline
	// FAST, if not nil, keeps the FAST tokens issued (XEP-0484): FAST is
	// offered, tokens are issued on request and rotated. nil means no
	// FAST.
	FAST FASTServerStore
	// FASTMechanisms are the HT mechanisms offered, those whose channel
	// binding is available on the connection. nil means
	// DefaultFASTMechanisms.
	FASTMechanisms []string
	// TokenLifetime is how long a FAST token is valid; a token used in
	// the second half of its life is replaced by a new one. Zero means
	// 14 days.
	TokenLifetime time.Duration
	// Upgrade, if not nil, offers the SCRAM upgrade tasks of XEP-0480.
	Upgrade *ScramUpgrade
}

const defaultTokenLifetime = 14 * 24 * time.Hour

// SASL2Server returns the receiving side of SASL2 (XEP-0388), offered
// next to (or instead of) [SASLServer]. After success the stream goes on
// without a restart: new features are sent at once.
func SASL2Server(cfg SASL2ServerConfig) StreamFeature {
	cfg.Inline = slices.Clone(cfg.Inline)
	cfg.FASTMechanisms = slices.Clone(cfg.FASTMechanisms)
	if cfg.FASTMechanisms == nil {
		cfg.FASTMechanisms = DefaultFASTMechanisms()
	}
	if cfg.TokenLifetime <= 0 {
		cfg.TokenLifetime = defaultTokenLifetime
	}
	if cfg.Upgrade != nil && (cfg.Upgrade.Needs == nil || cfg.Upgrade.Store == nil) {
		cfg.Upgrade = nil
	}
	return sasl2Server{cfg: cfg}
}

type sasl2Server struct{ cfg SASL2ServerConfig }

func (sasl2Server) Name() xml.Name { return authenticationName }

func (sasl2Server) States() (needs, excludes, provides State) {
	return Secure, Authenticated, Authenticated
}

// negotiation describes the connection and what is offered on it.
func (f sasl2Server) negotiation(n *Negotiation) (sasl.ServerConfig, sasl.Negotiation, []string) {
	cfg, neg := saslServer{cfg: f.cfg.SASL}.negotiation(n)
	var fast []string
	if f.cfg.FAST != nil {
		for _, m := range f.cfg.FASTMechanisms {
			if sasl.HTUsable(m, neg, true) {
				fast = append(fast, m)
			}
		}
	}
	return cfg, neg, fast
}

func (f sasl2Server) Advertise(ctx context.Context, n *Negotiation, w xmlstream.Encoder) (bool, bool, error) {
	_, neg, fast := f.negotiation(n)
	if len(neg.Mechanisms) == 0 {
		return false, false, nil // XEP-0388: never without a mechanism
	}
	n.extraAttempts = max(n.extraAttempts, len(neg.Mechanisms)+len(fast))
	err := w.Start(authenticationName)
	for _, m := range neg.Mechanisms {
		if err == nil {
			err = w.TextElement(sasl2Name("mechanism"), m)
		}
	}
	if err == nil && (len(f.cfg.Inline) > 0 || len(fast) > 0) {
		err = f.advertiseInline(ctx, n, w, fast)
	}
	if err == nil && f.cfg.Upgrade != nil {
		for _, t := range []string{UpgradeSCRAMSHA256, UpgradeSCRAMSHA512} {
			if err == nil {
				err = upgradeRequest(t).WriteXML(w)
			}
		}
	}
	if err == nil {
		err = w.End()
	}
	if err == nil {
		err = writeChannelBindings(n, w, neg.ChannelBindings)
	}
	return err == nil, true, err
}

func (f sasl2Server) advertiseInline(ctx context.Context, n *Negotiation, w xmlstream.Encoder, fast []string) error {
	if err := w.Start(sasl2Name("inline")); err != nil {
		return err
	}
	for _, in := range f.cfg.Inline {
		if err := in.Advertise(ctx, n, w); err != nil {
			return err
		}
	}
	if len(fast) > 0 {
		if err := fastOffer(fast).WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}

// sasl2Request is a parsed <authenticate/>.
type sasl2Request struct {
	mechanism string
	initial   []byte // nil: no initial response
	agent     UserAgent
	fast      *xmlstream.Element // <fast/>: authenticates with a token
	tokenFor  string             // <request-token mechanism=''/>
	upgrades  []string
	inline    map[string]*xmlstream.Element // requests by namespace
}

func parseAuthenticate(el *xmlstream.Element) (*sasl2Request, error) {
	r := &sasl2Request{mechanism: el.Attr("mechanism"), inline: map[string]*xmlstream.Element{}}
	if r.mechanism == "" {
		return nil, fmt.Errorf("%w: <authenticate/> without mechanism", sasl.ErrInvalidMechanism)
	}
	for c := range el.Children() {
		var err error
		switch name := c.Name(); name {
		case sasl2Name("initial-response"):
			r.initial, err = decodeSASL2(c)
		case sasl2Name("user-agent"):
			r.agent, err = parseUserAgent(c)
		case fastName:
			r.fast = c
		case xml.Name{Space: NSFAST, Local: "request-token"}:
			r.tokenFor = c.Attr("mechanism")
		case upgradeName:
			r.upgrades = append(r.upgrades, c.Text())
		default:
			if name.Space != NSSASL2 && r.inline[name.Space] == nil {
				r.inline[name.Space] = c
			}
		}
		if err != nil && !isCondition(err) {
			err = fmt.Errorf("%w: %w", sasl.ErrMalformedRequest, err)
		}
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

// sasl2Outcome is a successful authentication, before <success/>.
type sasl2Outcome struct {
	username   string // prepared, for the token store and upgrades
	bare       jid.JID
	additional []byte
	token      *FASTToken // the token authenticated with
}

func (f sasl2Server) Negotiate(ctx context.Context, n *Negotiation, el *xmlstream.Element) (FeatureResult, error) {
	if el.Name() != sasl2Name("authenticate") {
		// XEP-0388 §During Authentication: anything else ends the stream.
		return FeatureResult{}, n.Fail(stream.PolicyViolation, "unexpected <"+el.Name().Local+"/> before SASL2 authentication")
	}
	req, err := parseAuthenticate(el)
	var out sasl2Outcome
	if err == nil {
		if sasl.IsHT(req.mechanism) {
			out, err = f.authenticateFAST(n, req)
		} else {
			out, err = f.authenticate(ctx, n, req)
		}
	}
	if err == nil {
		return f.succeed(ctx, n, req, out)
	}
	var fail *sasl2Fatal
	if errors.As(err, &fail) {
		return FeatureResult{}, fail.err
	}
	n.Logger().Debug("xmpp: SASL2 failed", "err", err)
	// The client may try again (XEP-0388 §Failure: nothing changed).
	return FeatureResult{}, n.Send(ctx, sasl2Failure{condition: sasl.ConditionOf(err)})
}

// sasl2Fatal wraps an error that ends the stream (the transport failed,
// or a stream error was sent): no <failure/> follows.
type sasl2Fatal struct{ err error }

func (e *sasl2Fatal) Error() string { return e.err.Error() }

// authenticate runs a SASL mechanism's exchange.
func (f sasl2Server) authenticate(ctx context.Context, n *Negotiation, req *sasl2Request) (sasl2Outcome, error) {
	cfg, neg, _ := f.negotiation(n)
	mech, err := sasl.NewServer(req.mechanism, cfg, neg)
	if err != nil {
		return sasl2Outcome{}, err
	}
	data := req.initial
	for {
		challenge, done, err := mech.Step(data)
		if err != nil {
			return sasl2Outcome{}, err
		}
		if done {
			return f.identify(n, mech, challenge)
		}
		if err := n.Send(ctx, sasl2Data{name: "challenge", data: challenge, present: true}); err != nil {
			return sasl2Outcome{}, &sasl2Fatal{err}
		}
		el, err := n.Read(ctx)
		if err != nil {
			return sasl2Outcome{}, &sasl2Fatal{err}
		}
		switch el.Name() {
		case sasl2Name("response"):
			if data, err = decodeSASL2(el); err != nil {
				return sasl2Outcome{}, err
			}
		case sasl2Name("abort"):
			return sasl2Outcome{}, sasl.ErrAborted
		default:
			return sasl2Outcome{}, &sasl2Fatal{n.Fail(stream.PolicyViolation, "unexpected <"+el.Name().Local+"/> during SASL2 authentication")}
		}
	}
}

// identify turns the mechanism's identity into the client's bare JID.
func (f sasl2Server) identify(n *Negotiation, mech sasl.Server, additional []byte) (sasl2Outcome, error) {
	id := mech.Identity()
	local := id.Username
	if mech.Name() == sasl.Anonymous {
		local = stanza.NewID()
	}
	bare, err := n.Local().Domain().WithLocal(local)
	if err != nil {
		return sasl2Outcome{}, sasl.ErrNotAuthorized
	}
	if id.Authzid != "" {
		// XEP-0388 §Non-Empty Authorization Strings.
		az, err := jid.Parse(id.Authzid)
		if err != nil || az != bare {
			return sasl2Outcome{}, sasl.ErrInvalidAuthzid
		}
	}
	return sasl2Outcome{username: id.Username, bare: bare, additional: additional}, nil
}

// succeed runs the upgrade tasks, issues a token, processes the inline
// requests and sends <success/>.
func (f sasl2Server) succeed(ctx context.Context, n *Negotiation, req *sasl2Request, out sasl2Outcome) (FeatureResult, error) {
	if from := n.s.in.From; !from.IsZero() && from.Bare() != out.bare {
		// A client that named another account in its stream header.
		return FeatureResult{}, n.Send(ctx, sasl2Failure{condition: sasl.ErrInvalidAuthzid})
	}
	info := &SASL2Info{Mechanism: req.mechanism, UserAgent: req.agent, FAST: out.token != nil}
	data, hasData := out.additional, out.additional != nil
	for _, task := range f.serverUpgrades(req.upgrades, out.username) {
		cont := sasl2Continue{additional: data, hasData: hasData, tasks: []string{task}}
		if err := n.Send(ctx, cont); err != nil {
			return FeatureResult{}, err
		}
		data, hasData = nil, false
		if err := f.runUpgrade(ctx, n, task, out.username); err != nil {
			if errors.Is(err, errPeerClosed) || !isCondition(err) {
				return FeatureResult{}, err
			}
			return FeatureResult{}, n.Send(ctx, sasl2Failure{condition: sasl.ConditionOf(err)})
		}
		info.Upgraded = append(info.Upgraded, task)
	}
	res := FeatureResult{Add: Authenticated, Features: true, Remote: out.bare}
	success := sasl2Success{additional: data, hasData: hasData}
	for _, in := range f.cfg.Inline {
		r, ok := req.inline[in.Name().Space]
		if !ok || in.Name() == bind2Name && res.Add.Has(Bound) {
			// A stream resumed by an earlier inline feature keeps its
			// resource: Bind 2 is skipped (XEP-0386 §Performing the bind).
			continue
		}
		m, fr, err := in.Process(ctx, n, out.bare, r)
		var local *LocalStreamError
		if errors.As(err, &local) {
			return FeatureResult{}, err // the feature ended the stream (n.Fail)
		}
		if err != nil {
			n.Logger().Debug("xmpp: SASL2 inline feature failed", "feature", in.Name().Space, "err", err)
			return FeatureResult{}, n.Send(ctx, sasl2Failure{condition: inlineCondition(err), text: "inline " + in.Name().Local + " failed"})
		}
		res.Add |= fr.Add
		if !fr.Remote.IsZero() {
			res.Remote = fr.Remote
		}
		if in.Name() != bind2Name && fr.Add.Has(Bound) {
			res.Features = false // resumed: no stream features (XEP-0198 §Inline Stream Resumption)
		}
		success.extra = append(success.extra, m)
		info.Inline = append(info.Inline, in.Name().Space)
	}
	tok, err := f.issueToken(n, req, out)
	if err != nil {
		return FeatureResult{}, n.Send(ctx, sasl2Failure{condition: sasl.ErrTemporaryAuthFailure})
	}
	if tok != nil {
		success.extra = append(success.extra, fastTokenElement(*tok))
		info.TokenIssued = true
	}
	success.authzid = res.Remote.String()
	if b, ok := bind2StateKey.Lookup(n); ok {
		info.Enabled = slices.Clone(b.enabled)
	}
	sasl2InfoKey.Attach(n, info)
	return res, n.Send(ctx, success)
}

// isCondition reports whether err carries a SASL condition.
func isCondition(err error) bool {
	var c sasl.Condition
	return errors.As(err, &c)
}

// inlineCondition is the condition an inline feature's error fails with.
func inlineCondition(err error) sasl.Condition {
	var se *SASLError
	if errors.As(err, &se) {
		return se.Condition
	}
	return sasl.ErrTemporaryAuthFailure
}
