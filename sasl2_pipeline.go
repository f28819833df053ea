package xmpp

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// A FAST reconnection in one round trip after TLS. When the client holds
// a FAST token and its store remembers what the server offered on the
// connection that issued or last used it ([FASTOfferStore]), SASL2 sends
// its <authenticate/> (the HT mechanism, the user agent, the inline
// requests it would make from that offer: Bind 2, stream resumption)
// with the stream header, in one write, and then reads the header, the
// features and <success/>. XEP-0305 describes the pipelining; XEP-0484
// asks for the single round trip. The features that arrive are then
// checked against the prediction: one that no longer offers SASL2, FAST
// with the token's mechanism, or an inline feature the client asked for
// fails the login with ErrFASTOfferChanged and forgets the offer, so the
// next login waits for the features. Channel binding and the replay
// count are checked by the server as in the two-round-trip login.

// sasl2Pipelined is the attempt sent with the stream header.
type sasl2Pipelined struct{ a *sasl2Attempt }

// pipeline prepares the FAST attempt from the remembered offer; nil when
// there is no token, no offer, or the offer does not let the token be
// used here.
func (f sasl2Client) pipeline(ctx context.Context, n *Negotiation) (xmlstream.Marshaler, error) {
	offers, ok := f.cfg.FAST.(FASTOfferStore)
	account, agent := n.Local().Bare(), f.cfg.UserAgent.ID
	if !ok || agent == "" || account.Localpart() == "" {
		return nil, nil
	}
	o, err := offers.LoadOffer(account, agent)
	if err != nil {
		return nil, nil
	}
	remembered, err := decodeFASTOffer(o)
	if err != nil {
		n.Logger().Debug("xmpp: FAST: forgetting an unreadable offer", "err", err)
		f.forgetOffer(n)
		return nil, nil
	}
	auth, ok := remembered.Lookup(authenticationName.Space, authenticationName.Local)
	if !ok {
		return nil, nil
	}
	// The inline features and the mechanism read the offer from n as
	// they would in the round; the real one replaces it.
	n.features = remembered
	defer func() { n.features = stream.Features{} }()
	cfg, neg, inline, err := f.setup(n, auth)
	if err != nil {
		return nil, err
	}
	a, err := f.startFAST(ctx, n, cfg, neg, inline)
	if a == nil || err != nil {
		return nil, err
	}
	req, err := f.authenticate(a)
	if err != nil {
		return nil, err
	}
	a.sent = true
	n.pipelined = &sasl2Pipelined{a: a}
	return req, nil
}

// negotiatePipelined checks the server's offer against the prediction and
// follows the exchange. A refused token is deleted and the password tried
// on the same stream, as in the two-round-trip login.
func (f sasl2Client) negotiatePipelined(ctx context.Context, n *Negotiation, offer *xmlstream.Element, p *sasl2Pipelined) (FeatureResult, error) {
	if err := checkPipelined(n, offer, p); err != nil {
		f.forgetOffer(n)
		return FeatureResult{}, err
	}
	res, err := f.run(ctx, n, p.a)
	if refused, err := f.refusedFAST(n, err); err != nil {
		return FeatureResult{}, err
	} else if refused {
		return f.negotiate(ctx, n, offer, false)
	}
	return res, nil
}

// checkPipelined reports how the server's SASL2 offer (nil: not offered)
// differs from what the pipelined attempt relied on.
func checkPipelined(n *Negotiation, offer *xmlstream.Element, p *sasl2Pipelined) error {
	if offer == nil {
		return fmt.Errorf("%w: SASL2 is not offered", ErrFASTOfferChanged)
	}
	_, inline := offeredSASL2(offer)
	offers := inlineOffers(inline)
	fo, ok := offers[fastName]
	if !ok || !slices.Contains(fastMechanisms(fo), p.a.fast.Mechanism) {
		return fmt.Errorf("%w: FAST with %s is not offered", ErrFASTOfferChanged, p.a.fast.Mechanism)
	}
	for _, in := range p.a.inline {
		name := in.Name()
		now, ok := offers[name]
		if !ok {
			return fmt.Errorf("%w: inline <%s xmlns='%s'/> is not offered", ErrFASTOfferChanged, name.Local, name.Space)
		}
		if name != bind2Name {
			continue
		}
		// Bind 2's own inline features: those the client asked to
		// enable must still be offered.
		st, ok := bind2StateKey.Lookup(n)
		if !ok {
			continue
		}
		vars := offeredVars(now)
		for _, bf := range st.requested {
			if !slices.Contains(vars, bf.Var()) {
				return fmt.Errorf("%w: Bind 2 feature %s is not offered", ErrFASTOfferChanged, bf.Var())
			}
		}
	}
	return nil
}

// rememberOffer keeps the server's features of this login next to the
// token, for the next login to pipeline. The offer is an optimisation: a
// store that fails to keep it costs a round trip, not the login.
func (f sasl2Client) rememberOffer(n *Negotiation) {
	offers, ok := f.cfg.FAST.(FASTOfferStore)
	if !ok {
		return
	}
	account, agent := n.Local().Bare(), f.cfg.UserAgent.ID
	o, ok := encodeFASTOffer(n.Offered())
	if !ok {
		f.forgetOffer(n)
		return
	}
	if old, err := offers.LoadOffer(account, agent); err == nil && bytes.Equal(old.Features, o.Features) {
		return // unchanged: no write to the application's storage
	}
	if err := offers.SaveOffer(account, agent, o); err != nil {
		n.Logger().Debug("xmpp: FAST: the offer was not kept", "err", err)
	}
}

// forgetOffer deletes the remembered offer.
func (f sasl2Client) forgetOffer(n *Negotiation) {
	if offers, ok := f.cfg.FAST.(FASTOfferStore); ok {
		if err := offers.DeleteOffer(n.Local().Bare(), f.cfg.UserAgent.ID); err != nil {
			n.Logger().Debug("xmpp: FAST: the offer was not forgotten", "err", err)
		}
	}
}
