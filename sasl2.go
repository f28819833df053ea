package xmpp

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"slices"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmlstream"
)

// SASL2Config is the client side of SASL2 (XEP-0388). It is copied by
// [SASL2] and never modified.
type SASL2Config struct {
	// SASL is what the client authenticates with (username, password,
	// mechanisms), as for [SASLWith]. An empty Username is the localpart
	// of the session's JID.
	SASL sasl.ClientConfig
	// UserAgent describes the installation. Its ID is needed for FAST.
	UserAgent UserAgent
	// Inline are the inline features to negotiate when the server offers
	// them, such as [Bind2]. nil negotiates none.
	Inline []SASL2Inline
	// FAST, if not nil, keeps the client's FAST token (XEP-0484): the
	// client authenticates with it when it has one (falling back to
	// SASL on failure) and asks for one when it does not. nil means no
	// FAST. When it also implements [FASTOfferStore] (the memory store
	// does), a login with the token over TLS is pipelined: the
	// <authenticate/> goes with the stream header, one round trip after
	// TLS instead of two.
	FAST FASTClientStore
	// FASTMechanisms are the HT mechanisms to ask a token for, in order
	// of preference. nil means DefaultFASTMechanisms (channel binding
	// first, as XEP-0484 §Security asks).
	FASTMechanisms []string
	// InvalidateToken authenticates with the FAST token and asks the
	// server to invalidate it (XEP-0484 §Token invalidation, a log-out);
	// the client's copy is then deleted. False (zero) keeps it.
	InvalidateToken bool
	// Upgrades are the XEP-0480 upgrade tasks the client performs when
	// the server offers them (UpgradeSCRAMSHA256, UpgradeSCRAMSHA512).
	// nil means every task this package implements; empty means none.
	Upgrades []string
}

// DefaultFASTMechanisms returns the HT mechanisms asked for when
// SASL2Config.FASTMechanisms is nil, strongest binding first.
func DefaultFASTMechanisms() []string {
	return []string{sasl.HTSHA256Expr, sasl.HTSHA256Uniq, sasl.HTSHA256Endp, sasl.HTSHA256None}
}

// SASL2 returns the client side of the Extensible SASL Profile (XEP-0388).
// List it before [SASL] (and before [BindResource]): the client uses
// SASL2 when the server offers it and RFC 6120 SASL otherwise. After
// SASL2 succeeds no stream restart follows; a [Bind2] inline feature binds
// the resource in the same round trip, and [BindResource] is then skipped.
// Channel binding (XEP-0440) and downgrade protection (XEP-0474) work as
// with SASL, over the SASL2 mechanism list.
func SASL2(cfg SASL2Config) StreamFeature {
	cfg.Inline = slices.Clone(cfg.Inline)
	cfg.FASTMechanisms = slices.Clone(cfg.FASTMechanisms)
	cfg.Upgrades = slices.Clone(cfg.Upgrades)
	return sasl2Client{cfg: cfg}
}

type sasl2Client struct{ cfg SASL2Config }

func (sasl2Client) Name() xml.Name { return authenticationName }

func (sasl2Client) States() (needs, excludes, provides State) {
	return Secure, Authenticated, Authenticated
}

func (sasl2Client) Advertise(context.Context, *Negotiation, xmlstream.Encoder) (bool, bool, error) {
	return false, false, errors.New("xmpp: SASL2() is the initiating side; use SASL2Server to receive")
}

// sasl2Attempt is one <authenticate/> exchange of the client.
type sasl2Attempt struct {
	mech    sasl.Client
	extra   []xmlstream.Marshaler
	inline  []SASL2Inline // those whose request was sent
	fast    *FASTToken    // the token authenticated with, if any
	request string        // the mechanism a token was requested for
	sent    bool          // <authenticate/> went with the stream header
}

func (f sasl2Client) Negotiate(ctx context.Context, n *Negotiation, offer *xmlstream.Element) (FeatureResult, error) {
	if p, ok := n.pipelined.(*sasl2Pipelined); ok {
		n.pipelined = nil
		return f.negotiatePipelined(ctx, n, offer, p)
	}
	return f.negotiate(ctx, n, offer, true)
}

// setup reads the server's offer: the SASL configuration for this
// session, the mechanisms and channel bindings, the inline features.
func (f sasl2Client) setup(n *Negotiation, offer *xmlstream.Element) (sasl.ClientConfig, sasl.Negotiation, map[xml.Name]*xmlstream.Element, error) {
	cfg := f.cfg.SASL
	if cfg.Username == "" {
		cfg.Username = n.Local().Localpart()
	}
	if n.Config().InsecureAssumeSecure {
		cfg.InsecurePlaintextAuth = true
	}
	if id := f.cfg.UserAgent.ID; id != "" && !validUUID(id) {
		return cfg, sasl.Negotiation{}, nil, fmt.Errorf("xmpp: SASL2: UserAgent.ID %q is not a UUID (XEP-0388 §Initiation)", id)
	}
	mechs, inline := offeredSASL2(offer)
	neg := sasl.Negotiation{TLS: n.TLSState(), Mechanisms: mechs}
	if cb, ok := n.Offered().Lookup(NSSASLCB, "sasl-channel-binding"); ok {
		neg.ChannelBindings = offeredBindings(cb)
	}
	return cfg, neg, inlineOffers(inline), nil
}

// negotiate authenticates against offer, with the FAST token first when
// withFAST (false once the token was refused on this stream).
func (f sasl2Client) negotiate(ctx context.Context, n *Negotiation, offer *xmlstream.Element, withFAST bool) (FeatureResult, error) {
	cfg, neg, offers, err := f.setup(n, offer)
	if err != nil {
		return FeatureResult{}, err
	}
	if withFAST {
		if res, ok, err := f.tryFAST(ctx, n, cfg, neg, offers); ok || err != nil {
			return res, err
		}
	}
	mech, err := sasl.NewClient(cfg, neg)
	if err != nil {
		return FeatureResult{}, fmt.Errorf("xmpp: SASL2: %w", err)
	}
	a, err := f.prepare(ctx, n, mech, neg, offers, offer)
	if err != nil {
		return FeatureResult{}, err
	}
	return f.run(ctx, n, a)
}

// tryFAST authenticates with the stored FAST token when there is one
// that the server can take here. ok is false, with no error, when the
// caller goes on with the password: no token, or a token the server
// refused (it is deleted, XEP-0484 §Client responsibilities).
func (f sasl2Client) tryFAST(ctx context.Context, n *Negotiation, cfg sasl.ClientConfig, neg sasl.Negotiation, offers map[xml.Name]*xmlstream.Element) (FeatureResult, bool, error) {
	a, err := f.startFAST(ctx, n, cfg, neg, offers)
	if a == nil || err != nil {
		return FeatureResult{}, false, err
	}
	res, err := f.run(ctx, n, a)
	if refused, err := f.refusedFAST(n, err); refused || err != nil {
		return FeatureResult{}, false, err
	}
	return res, true, nil
}

// startFAST prepares the attempt with the stored FAST token, counted, when
// there is one that the offer lets the client use here; nil otherwise.
func (f sasl2Client) startFAST(ctx context.Context, n *Negotiation, cfg sasl.ClientConfig, neg sasl.Negotiation, offers map[xml.Name]*xmlstream.Element) (*sasl2Attempt, error) {
	store, agent := f.cfg.FAST, f.cfg.UserAgent.ID
	fastOffer, offered := offers[fastName]
	if store == nil || agent == "" || !offered {
		return nil, nil
	}
	account := n.Local().Bare()
	tok, err := store.LoadToken(account, agent)
	if err != nil || !slices.Contains(fastMechanisms(fastOffer), tok.Mechanism) {
		return nil, nil
	}
	mech, err := sasl.NewHTClient(tok.Mechanism, cfg.Username, []byte(tok.Token), neg)
	if err != nil {
		return nil, nil // its channel binding is not available here
	}
	tok.Count++
	if err := store.SaveToken(account, agent, tok); err != nil {
		return nil, fmt.Errorf("xmpp: FAST: %w", err)
	}
	a, err := f.prepare(ctx, n, mech, neg, offers, nil)
	if err != nil {
		return nil, err
	}
	a.fast = &tok
	a.extra = append(a.extra, fastUse{count: tok.Count, invalidate: f.cfg.InvalidateToken})
	return a, nil
}

// refusedFAST looks at the outcome of a FAST attempt: a SASL failure means
// the server refused the token, which is deleted (XEP-0484 §Client
// responsibilities), and refused is true with no error: the caller goes on
// with the password. Any other outcome is returned as it is.
func (f sasl2Client) refusedFAST(n *Negotiation, err error) (refused bool, _ error) {
	var se *SASLError
	if err == nil || !errors.As(err, &se) {
		return false, err
	}
	n.Logger().Debug("xmpp: FAST token refused, authenticating with the password", "condition", string(se.Condition))
	if err := f.cfg.FAST.DeleteToken(n.Local().Bare(), f.cfg.UserAgent.ID); err != nil {
		return false, fmt.Errorf("xmpp: FAST: %w", err)
	}
	return true, nil
}

// prepare builds the attempt's inline requests. offer is the server's
// <authentication/> when the attempt may ask for upgrades and a token
// (password authentication); nil otherwise.
func (f sasl2Client) prepare(ctx context.Context, n *Negotiation, mech sasl.Client, neg sasl.Negotiation, offers map[xml.Name]*xmlstream.Element, offer *xmlstream.Element) (*sasl2Attempt, error) {
	a := &sasl2Attempt{mech: mech}
	for _, in := range f.cfg.Inline {
		o, ok := offers[in.Name()]
		if !ok {
			continue
		}
		req, err := in.Request(ctx, n, o)
		if err != nil {
			return nil, err
		}
		if req != nil {
			a.extra = append(a.extra, req)
			a.inline = append(a.inline, in)
		}
	}
	if offer == nil {
		return a, nil
	}
	if fo, ok := offers[fastName]; ok && f.cfg.FAST != nil && f.cfg.UserAgent.ID != "" {
		if m := f.fastRequest(fastMechanisms(fo), neg); m != "" {
			a.request = m
			a.extra = append(a.extra, fastRequestToken{mechanism: m})
		}
	}
	for _, task := range offeredUpgrades(offer) {
		if f.wantsUpgrade(task) {
			a.extra = append(a.extra, upgradeRequest(task))
		}
	}
	return a, nil
}

// fastRequest picks the HT mechanism to ask a token for.
func (f sasl2Client) fastRequest(offered []string, neg sasl.Negotiation) string {
	order := f.cfg.FASTMechanisms
	if order == nil {
		order = DefaultFASTMechanisms()
	}
	for _, m := range order {
		if slices.Contains(offered, m) && sasl.HTUsable(m, neg, false) {
			return m
		}
	}
	return ""
}

func (f sasl2Client) wantsUpgrade(task string) bool {
	if _, ok := upgradeHash(task); !ok {
		return false
	}
	return f.cfg.Upgrades == nil || slices.Contains(f.cfg.Upgrades, task)
}

// run sends <authenticate/> and follows the exchange to its outcome.
func (f sasl2Client) run(ctx context.Context, n *Negotiation, a *sasl2Attempt) (FeatureResult, error) {
	if !a.sent {
		req, err := f.authenticate(a)
		if err != nil {
			return FeatureResult{}, err
		}
		if err := n.Send(ctx, req); err != nil {
			return FeatureResult{}, err
		}
	}
	info := &SASL2Info{Mechanism: a.mech.Name(), UserAgent: f.cfg.UserAgent, FAST: a.fast != nil, Pipelined: a.sent}
	finished := false // the mechanism has checked the server's final data
	for {
		el, err := n.Read(ctx)
		if err != nil {
			return FeatureResult{}, err
		}
		if el.Name().Space != NSSASL2 {
			return FeatureResult{}, fmt.Errorf("xmpp: unexpected <%s/> during SASL2", el.Name().Local)
		}
		switch el.Name().Local {
		case "challenge":
			data, err := decodeSASL2(el)
			if err != nil {
				return FeatureResult{}, err
			}
			resp, err := sasl.StepContext(ctx, a.mech, data)
			if err != nil {
				_ = n.Send(ctx, xmlstream.EmptyElement{Name: sasl2Name("abort")})
				return FeatureResult{}, fmt.Errorf("xmpp: SASL2 %s: %w", a.mech.Name(), err)
			}
			if err := n.Send(ctx, sasl2Data{name: "response", data: resp, present: true}); err != nil {
				return FeatureResult{}, err
			}
		case "continue":
			if !finished {
				if err := f.finish(a, el); err != nil {
					return FeatureResult{}, err
				}
				finished = true
			}
			task, err := f.runTask(ctx, n, el)
			if err != nil {
				return FeatureResult{}, err
			}
			info.Upgraded = append(info.Upgraded, task)
		case "success":
			if !finished {
				if err := f.finish(a, el); err != nil {
					return FeatureResult{}, err
				}
			}
			return f.succeed(ctx, n, a, el, info)
		case "failure":
			return FeatureResult{}, parseSASL2Failure(el)
		default:
			return FeatureResult{}, fmt.Errorf("xmpp: unexpected <%s/> during SASL2", el.Name().Local)
		}
	}
}

// authenticate starts the mechanism and returns the <authenticate/>.
func (f sasl2Client) authenticate(a *sasl2Attempt) (authenticateRequest, error) {
	initial, err := a.mech.Start()
	if err != nil {
		return authenticateRequest{}, err
	}
	return authenticateRequest{mechanism: a.mech.Name(), initial: initial, hasInit: initial != nil, agent: f.cfg.UserAgent, extra: a.extra}, nil
}

// finish checks the mechanism's additional data (the SCRAM server
// signature, the HT responder message): a server that claims success
// without proving itself is refused.
func (f sasl2Client) finish(a *sasl2Attempt, el *xmlstream.Element) error {
	data, _, err := childData(el, "additional-data")
	if err != nil {
		return err
	}
	if err := sasl.Finish(a.mech, data); err != nil {
		return fmt.Errorf("xmpp: SASL2 %s: %w", a.mech.Name(), err)
	}
	return nil
}

// succeed checks the authorization identifier and collects what the
// inline features and FAST established.
func (f sasl2Client) succeed(ctx context.Context, n *Negotiation, a *sasl2Attempt, el *xmlstream.Element, info *SASL2Info) (FeatureResult, error) {
	az, ok := el.Child(NSSASL2, "authorization-identifier")
	if !ok {
		return FeatureResult{}, errors.New("xmpp: SASL2 success without <authorization-identifier/>")
	}
	id, err := jid.Parse(az.Text())
	if err != nil {
		return FeatureResult{}, fmt.Errorf("xmpp: SASL2 authorization identifier: %w", err)
	}
	if n.Local().Localpart() != "" && id.Bare() != n.Local().Bare() {
		return FeatureResult{}, fmt.Errorf("xmpp: SASL2 authorized %s, not %s", id, n.Local().Bare())
	}
	res := FeatureResult{Add: Authenticated, Features: true}
	if n.Local().Localpart() == "" {
		res.Local = id.Bare() // the server named the account (ANONYMOUS)
	}
	for _, in := range a.inline {
		if in.Name() == bind2Name && res.Add.Has(Bound) {
			continue // resumed by an earlier inline feature (XEP-0386 §Performing the bind)
		}
		r, err := in.Result(ctx, n, el)
		if err != nil {
			return FeatureResult{}, err
		}
		res.Add |= r.Add
		if !r.Local.IsZero() {
			res.Local = r.Local
		}
		if in.Name() != bind2Name && r.Add.Has(Bound) {
			// A resumed stream goes on right after <success/>: no
			// stream features follow (XEP-0198 §Inline Stream
			// Resumption).
			res.Features = false
		}
		info.Inline = append(info.Inline, in.Name().Space)
	}
	if res.Add.Has(Bound) && id.Resourcepart() != "" && res.Local != id {
		return FeatureResult{}, fmt.Errorf("xmpp: SASL2 authorized %s but bound %s", id, res.Local)
	}
	if err := f.saveToken(n, a, el, info); err != nil {
		return FeatureResult{}, err
	}
	if b, ok := bind2StateKey.Lookup(n); ok {
		info.Enabled = slices.Clone(b.enabled)
	}
	sasl2InfoKey.Attach(n, info)
	return res, nil
}

// saveToken stores a token that came with success, and forgets an
// invalidated one.
func (f sasl2Client) saveToken(n *Negotiation, a *sasl2Attempt, el *xmlstream.Element, info *SASL2Info) error {
	store, account, agent := f.cfg.FAST, n.Local().Bare(), f.cfg.UserAgent.ID
	if store == nil || agent == "" {
		return nil
	}
	mechanism := a.request
	if mechanism == "" && a.fast != nil {
		mechanism = a.fast.Mechanism // rotation of the token in use
	}
	te, ok := el.Child(NSFAST, "token")
	if ok && mechanism != "" {
		tok, err := parseFASTToken(te, mechanism)
		if err != nil {
			return err
		}
		info.TokenIssued = true
		if err := store.SaveToken(account, agent, tok); err != nil {
			return err
		}
		f.rememberOffer(n)
		return nil
	}
	if a.fast != nil && f.cfg.InvalidateToken {
		f.forgetOffer(n)
		return store.DeleteToken(account, agent)
	}
	if a.fast != nil {
		f.rememberOffer(n)
	}
	return nil
}
