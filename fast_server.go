package xmpp

import (
	"fmt"
	"slices"
	"time"

	"github.com/canto-im/xmpp/sasl"
)

// authenticateFAST checks an HT initiator message against the client's
// stored tokens (XEP-0484 §Implementation Notes): the newest first, each
// bound to the mechanism it was issued for and unexpired, the proof
// compared in constant time. A refusal is not-authorized; the client
// then falls back to its password.
func (f sasl2Server) authenticateFAST(n *Negotiation, req *sasl2Request) (out sasl2Outcome, err error) {
	_, neg, fast := f.negotiation(n)
	var user string
	defer func() {
		if err != nil && f.cfg.SASL.Failed != nil {
			f.cfg.SASL.Failed(user, err)
		}
	}()
	if !slices.Contains(fast, req.mechanism) || req.fast == nil {
		return out, fmt.Errorf("%w: %q without FAST", sasl.ErrInvalidMechanism, req.mechanism)
	}
	count, _, err := parseFASTUse(req.fast)
	if err != nil {
		return out, fmt.Errorf("%w: %w", sasl.ErrMalformedRequest, err)
	}
	authcid, proof, err := sasl.ParseHTInitiator(req.initial)
	if err != nil {
		return out, err
	}
	bare, err := n.Local().Domain().WithLocal(authcid)
	if err != nil {
		return out, sasl.ErrNotAuthorized
	}
	user = bare.Localpart()
	if req.agent.ID == "" {
		// Tokens are bound to the user agent (XEP-0484 §Client
		// responsibilities): without its id there is nothing to check.
		return out, fmt.Errorf("%w: FAST without a user-agent id", sasl.ErrNotAuthorized)
	}
	tokens, err := f.cfg.FAST.Tokens(user, req.agent.ID)
	if err != nil {
		return out, fmt.Errorf("%w: %w", sasl.ErrTemporaryAuthFailure, err)
	}
	now := time.Now()
	for _, t := range tokens {
		if t.Mechanism != req.mechanism || !now.Before(t.Expiry) {
			continue
		}
		resp, verr := sasl.VerifyHT(req.mechanism, []byte(t.Token), proof, neg)
		if verr != nil {
			continue
		}
		if count >= 0 && count <= t.Count {
			// A replayed request (XEP-0484 §Client authenticates).
			return out, fmt.Errorf("%w: FAST count %d already seen", sasl.ErrNotAuthorized, count)
		}
		t.Count = max(count, 0)
		return sasl2Outcome{username: user, bare: bare, additional: resp, token: &t}, nil
	}
	return out, fmt.Errorf("%w: no FAST token matches", sasl.ErrNotAuthorized)
}

// issueToken records the use of a token, invalidates it when asked, and
// issues a new one when the client asked for one or the token used is in
// the second half of its life (XEP-0484 §Token rotation).
func (f sasl2Server) issueToken(n *Negotiation, req *sasl2Request, out sasl2Outcome) (*FASTToken, error) {
	store, agent := f.cfg.FAST, req.agent.ID
	if store == nil || agent == "" {
		return nil, nil
	}
	mechanism := ""
	if t := out.token; t != nil {
		_, invalidate, _ := parseFASTUse(req.fast)
		if invalidate {
			if err := store.Invalidate(out.username, agent); err != nil {
				return nil, err
			}
		} else {
			if err := store.Used(out.username, agent, *t); err != nil {
				return nil, err
			}
			if time.Until(t.Expiry) < f.cfg.TokenLifetime/2 {
				mechanism = t.Mechanism
			}
		}
	}
	if req.tokenFor != "" {
		_, _, fast := f.negotiation(n)
		if !slices.Contains(fast, req.tokenFor) {
			return nil, nil // not offered: no token (the login itself stands)
		}
		mechanism = req.tokenFor
	}
	if mechanism == "" {
		return nil, nil
	}
	tok := newFASTToken(mechanism, f.cfg.TokenLifetime)
	if err := store.Issue(out.username, agent, tok); err != nil {
		return nil, err
	}
	return &tok, nil
}
