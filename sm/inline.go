package sm

import (
	"context"
	"encoding/xml"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// XEP-0198 §"SASL2 And BIND2 Interaction", client side: stream
// management enabled inside a Bind 2 request (XEP-0386), and a stream
// resumed inside a SASL2 <authenticate/> (XEP-0388). Both set up the same
// per-session state as Feature and ResumeFeature, through the same code.

// Bind2 returns the client's Bind 2 inline feature that enables stream
// management for the new session: <enable/> goes in <bind/>, and the
// server's <enabled/> (or <failed/>) comes back in <bound/>. c is as for
// [Feature], which then does nothing: list this in
// [xmpp.Bind2Config].Features, last (its Sender counts what reaches the
// wire). [WaitEnabled] returns the outcome at once.
func Bind2(c Config) xmpp.BindFeature { return bindFeature{c: c} }

type bindFeature struct{ c Config }

func (bindFeature) Var() string { return NS }

func (f bindFeature) BindRequest(context.Context, *xmpp.Negotiation) (xmlstream.Marshaler, error) {
	return f.c.enable(), nil
}

// enable is the <enable/> the client sends, inline or not.
func (c Config) enable() Enable {
	en := Enable{Resume: !c.NoResume}
	if c.Max > 0 {
		en.Max = secs(c.Max)
	}
	return en
}

// enabling is the client's session state once <enable/> is sent: counting
// what this side sends starts now (§4), the peer's stanzas once <enabled/>
// arrives. A failed resumption earlier in the negotiation stays on record.
func (c Config) enabling(n *xmpp.Negotiation) *session {
	ss := newSession(c.limits())
	ss.on = true
	ss.outOn.Store(true)
	ss.enabled = make(chan struct{})
	if prev, ok := key.Lookup(n); ok {
		ss.resumption = prev.resumption
	}
	return ss
}

func (f bindFeature) Bound(_ context.Context, n *xmpp.Negotiation, bound *xmlstream.Element) error {
	ss := f.c.enabling(n)
	key.Attach(n, ss)
	var answer *xmlstream.Element
	if bound != nil {
		for c := range bound.Children() {
			if c.Name() == EnabledName || c.Name() == FailedName {
				answer = c
				break
			}
		}
	}
	if answer == nil {
		// XEP-0386 says <bound/> carries the answer; a server that sent
		// none did not enable stream management.
		ss.enableErr, ss.on = ErrNotEnabled, false
		ss.outOn.Store(false)
		close(ss.enabled)
		return xmpp.ErrBindNotEnabled
	}
	if err := ss.receiveClient(answer); err != nil {
		var serr stream.Error
		if errors.As(err, &serr) {
			return n.Fail(serr, serr.Text)
		}
		return err
	}
	if answer.Name() == FailedName {
		return xmpp.ErrBindNotEnabled // the login goes on; WaitEnabled has <failed/>
	}
	return nil
}

// Enable is the server's side; see [Server.Bind2].
func (bindFeature) Enable(context.Context, *xmpp.Negotiation, jid.JID, *xmlstream.Element) (xmlstream.Marshaler, error) {
	return nil, errors.New("sm: Bind2 is the client's feature; use Server.Bind2")
}

// InlineResume returns the client's SASL2 inline feature that resumes the
// stream prev inside authentication (one round trip fewer than
// [ResumeFeature]): <resume/> goes in <authenticate/>, and the server's
// <resumed/> (or <failed/>) comes back in <success/>. On <resumed/> the
// session is bound to prev's JID, Bind 2 is skipped and no stream
// features follow (XEP-0198 §"Inline Stream Resumption"); on <failed/>
// Bind 2 binds a fresh resource in the same exchange and [ResumptionOf]
// reports what may be lost, as with ResumeFeature. List it in
// [xmpp.SASL2Config].Inline before [xmpp.Bind2]. If prev is not
// resumable it sends nothing.
func InlineResume(prev *State, c Config) xmpp.SASL2Inline {
	return inlineResume{prev: prev, c: c}
}

type inlineResume struct {
	prev *State
	c    Config
	// answered, if set, is told the server's answer as soon as it is
	// read (the Resumer's bookkeeping).
	answered func(*session)
}

func (inlineResume) Name() xml.Name { return FeatureName }

func (inlineResume) Advertise(context.Context, *xmpp.Negotiation, xmlstream.Encoder) error {
	return errors.New("sm: InlineResume is the client's feature; use Server.InlineResume")
}

func (f inlineResume) Request(_ context.Context, n *xmpp.Negotiation, _ *xmlstream.Element) (xmlstream.Marshaler, error) {
	if !f.prev.Resumable() {
		ss := newSession(f.c.limits())
		ss.resumption = lose(f.prev, prevEntries(f.prev), errors.New("sm: the stream was not resumable"))
		key.Attach(n, ss)
		if f.answered != nil {
			f.answered(ss)
		}
		return nil, nil
	}
	return Resume{PrevID: f.prev.ID, H: f.prev.H}, nil
}

func (f inlineResume) Process(context.Context, *xmpp.Negotiation, jid.JID, *xmlstream.Element) (xmlstream.Marshaler, xmpp.FeatureResult, error) {
	return nil, xmpp.FeatureResult{}, errors.New("sm: InlineResume is the client's feature; use Server.InlineResume")
}

func (f inlineResume) Result(_ context.Context, n *xmpp.Negotiation, success *xmlstream.Element) (xmpp.FeatureResult, error) {
	ss := newSession(f.c.limits())
	resumed, hasResumed := success.Child(NS, ResumedName.Local)
	failed, hasFailed := success.Child(NS, FailedName.Local)
	switch {
	case hasResumed && !hasFailed:
		if err := resumeOnto(n, f.prev, ss, resumed); err != nil {
			return xmpp.FeatureResult{}, err
		}
		key.Attach(n, ss)
		if f.answered != nil {
			f.answered(ss)
		}
		return xmpp.FeatureResult{Add: xmpp.Bound, Local: f.prev.JID}, nil
	case hasFailed && !hasResumed:
		failedResumption(f.prev, ss, failed)
	default:
		// No answer (or two): the server did not resume the stream, and
		// Bind 2 binds a new one.
		ss.resumption = lose(f.prev, prevEntries(f.prev), ErrNotEnabled)
	}
	key.Attach(n, ss)
	if f.answered != nil {
		f.answered(ss)
	}
	return xmpp.FeatureResult{}, nil
}
