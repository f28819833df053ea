package sm

import (
	"context"
	"encoding/xml"
	"errors"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// XEP-0198 §"SASL2 And BIND2 Interaction", server side. The checks and
// the state are those of <enable/> and <resume/> after binding: the same
// account only, within the window, h not beyond what was sent.

// pending is a stream management state enabled inside Bind 2, waiting to
// be attached under key by Feature's advertisement in the features that
// follow SASL2, after every other extension's value: the session's
// Senders run in the order attached, and the one that counts what
// reaches the wire comes last (XEP-0352's, which holds stanzas back,
// before it). It is no Sender itself.
type pending struct{ ss *session }

var pendingKey = xmpp.NewExtensionKey[*pending]("sm-inline")

// Bind2 returns the server's Bind 2 inline feature: <enable/> inside
// <bind/> enables stream management for the new session, answered with
// <enabled/> (or <failed/>) inside <bound/>, as <enable/> after binding
// is. List it in [xmpp.Bind2Config].Features, and [Server.Feature] last
// among the session's features, as always: the state enabled inline is
// attached there (and <sm/> then not offered again; a second <enable/>
// gets <failed/>).
func (srv *Server) Bind2() xmpp.BindFeature { return serverBind{srv} }

type serverBind struct{ srv *Server }

func (serverBind) Var() string { return NS }

func (serverBind) BindRequest(context.Context, *xmpp.Negotiation) (xmlstream.Marshaler, error) {
	return nil, errors.New("sm: Server.Bind2 is the receiving side's feature; use sm.Bind2")
}

func (serverBind) Bound(context.Context, *xmpp.Negotiation, *xmlstream.Element) error {
	return errors.New("sm: Server.Bind2 is the receiving side's feature; use sm.Bind2")
}

func (f serverBind) Enable(_ context.Context, n *xmpp.Negotiation, _ jid.JID, el *xmlstream.Element) (xmlstream.Marshaler, error) {
	if el.Name() != EnableName {
		return nil, nil // not ours to answer: ignored, as unknown requests are
	}
	if ss, ok := key.Lookup(n); ok && ss.on {
		return Failed{Condition: stanza.UnexpectedRequest}, xmpp.ErrBindNotEnabled // §3: one attempt only
	}
	req, err := ParseEnable(el)
	if err != nil {
		return Failed{Condition: stanza.BadRequest}, xmpp.ErrBindNotEnabled
	}
	srv := f.srv
	ss := newSession(srv.lim)
	ss.server = srv
	ss.on = true
	ss.in.Start()        // the client's stanzas count from <enable/> (§4)
	ss.outOn.Store(true) // and the server's from <enabled/>, in <success/>
	var answer Enabled
	srv.mu.Lock()
	if req.Resume && srv.cfg.Window > 0 && !srv.closed {
		ss.id = stanza.NewStreamID()
		ss.keep = srv.cfg.Window
		if req.Max > 0 {
			ss.keep = min(ss.keep, time.Duration(req.Max)*time.Second)
		}
		answer = Enabled{ID: ss.id, Resume: true, Max: secs(ss.keep), Location: srv.cfg.Location}
	}
	srv.mu.Unlock()
	pendingKey.Attach(n, &pending{ss: ss})
	return answer, nil
}

// attachPending attaches the state enabled inside Bind 2, if any, and
// reports whether there was one.
func attachPending(n *xmpp.Negotiation) bool {
	p, ok := pendingKey.Lookup(n)
	if !ok || p.ss == nil {
		return false
	}
	key.Attach(n, p.ss)
	p.ss = nil
	return true
}

// InlineResume returns the server's SASL2 inline feature: <sm/> in
// SASL2's <inline/>, and <resume/> inside <authenticate/> answered inside
// <success/>. On <resumed/> the session carries the stream on, bound to
// its full JID; Bind 2 is skipped and no stream features follow
// (XEP-0198 §"Inline Stream Resumption"). On <failed/> (no such stream
// for this account, or a bad request) Bind 2 binds a new session in the
// same exchange. An h beyond what was sent ends the stream
// (handled-count-too-high), as after binding. List it in
// [xmpp.SASL2ServerConfig].Inline before [xmpp.Bind2].
//
// The stream is the new session's once it runs; if the negotiation fails
// after <resumed/> was written, it goes back to its window when the
// negotiation's context ends (negotiate with a context that ends).
func (srv *Server) InlineResume() xmpp.SASL2Inline { return serverResume{srv} }

type serverResume struct{ srv *Server }

func (serverResume) Name() xml.Name { return FeatureName }

func (f serverResume) Advertise(_ context.Context, _ *xmpp.Negotiation, w xmlstream.Encoder) error {
	if f.srv.cfg.Window < 0 {
		return nil // acknowledgements only: no stream to resume
	}
	return w.EmptyElement(FeatureName)
}

func (serverResume) Request(context.Context, *xmpp.Negotiation, *xmlstream.Element) (xmlstream.Marshaler, error) {
	return nil, errors.New("sm: Server.InlineResume is the receiving side's feature; use sm.InlineResume")
}

func (serverResume) Result(context.Context, *xmpp.Negotiation, *xmlstream.Element) (xmpp.FeatureResult, error) {
	return xmpp.FeatureResult{}, errors.New("sm: Server.InlineResume is the receiving side's feature; use sm.InlineResume")
}

func (f serverResume) Process(ctx context.Context, n *xmpp.Negotiation, user jid.JID, el *xmlstream.Element) (xmlstream.Marshaler, xmpp.FeatureResult, error) {
	if el.Name() != ResumeName {
		return nil, xmpp.FeatureResult{}, nil // not a resumption: Bind 2 goes on
	}
	req, err := ParseResume(el)
	if err != nil {
		return Failed{Condition: stanza.BadRequest}, xmpp.FeatureResult{}, nil
	}
	srv := f.srv
	ss, k, old, fail, err := srv.takeOver(ctx, n, req, user)
	if err != nil {
		return nil, xmpp.FeatureResult{}, err
	}
	if fail != nil {
		return *fail, xmpp.FeatureResult{}, nil // Bind 2 binds afresh (XEP-0386)
	}
	if srv.droppedSince(k) {
		return Failed{Condition: stanza.ItemNotFound}, xmpp.FeatureResult{}, nil
	}
	if ctx.Done() == nil {
		srv.commit(k, ss) // nothing would give it back: committed now, as after binding
	} else {
		srv.mu.Lock()
		ss.claim = k
		srv.mu.Unlock()
		context.AfterFunc(ctx, func() { srv.abandon(k, ss) })
	}
	key.Attach(n, ss)
	return Resumed{PrevID: k.id, H: ss.in.Load()}, xmpp.FeatureResult{Add: xmpp.Bound, Remote: old.RemoteAddr()}, nil
}

// abandon gives back to its window a stream resumed inline whose
// session never ran (the negotiation failed after <resumed/> was
// written, or before it was).
func (srv *Server) abandon(k *kept, ss *session) {
	srv.mu.Lock()
	if ss.claim != k {
		srv.mu.Unlock()
		return // committed
	}
	ss.claim, ss.lost = nil, true
	srv.mu.Unlock()
	srv.giveBack(k)
}
