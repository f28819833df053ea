package server

import (
	"context"
	"crypto"
	"slices"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/carbons"
	"github.com/canto-im/xmpp/csi"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
)

// sasl2Feature is the connection's SASL2 (XEP-0388) with Bind 2
// (XEP-0386) and FAST (XEP-0484), built for one connection: Bind 2
// reserves the resource through the connection's binding, and enables
// carbons, the client's initial CSI state and stream management inline,
// describing the account's archive in <bound/>;
// XEP-0198 resumption is inline too, in place of Bind 2 (see sm.go).
type sasl2Feature struct {
	xmpp.StreamFeature
	s      *Server
	b      *binding
	remote string
}

func (s *Server) sasl2(remote string, b *binding) sasl2Feature {
	f := sasl2Feature{s: s, b: b, remote: remote}
	f.StreamFeature = f.build(s.saslConfig(remote))
	return f
}

func (f sasl2Feature) build(cfg sasl.ServerConfig) xmpp.StreamFeature {
	s, b := f.s, f.b
	enableCarbons := func(_ context.Context, full jid.JID) error {
		s.state.mu.Lock()
		defer s.state.mu.Unlock()
		if b.res == nil || b.res.full != full {
			return errGone
		}
		s.state.setCarbonsLocked(b.res, true)
		return nil
	}
	var info []xmpp.BindInfo
	if s.archive != nil {
		info = append(info, s.archive.Bind2()) // the archive's <metadata/> in <bound/> (XEP-0386)
	}
	return xmpp.SASL2Server(xmpp.SASL2ServerConfig{
		SASL: cfg,
		Inline: []xmpp.SASL2Inline{
			// XEP-0198 resumption, before Bind 2, which it replaces; CSI's
			// state attached to the stream it resumes, which gets no
			// stream features (csi.Feature).
			csi.InlineResume(s.sm.InlineResume(), csi.Config{}),
			xmpp.Bind2(xmpp.Bind2Config{
				Assign: b.assign,
				// Stream management last: it counts what reaches the wire.
				Features: []xmpp.BindFeature{carbons.Bind2(enableCarbons), csi.Bind2(false), s.sm.Bind2()},
				Info:     info,
			}),
		},
		FAST:    s.cfg.FASTTokens,
		Upgrade: &xmpp.ScramUpgrade{Needs: s.creds.needs, Store: s.creds.upgrade, Iterations: s.creds.iterations},
	})
}

// withoutPlus is the feature without -PLUS mechanisms (WebSocket, see
// webSocketFeatures).
func (f sasl2Feature) withoutPlus() xmpp.StreamFeature {
	cfg := f.s.creds.saslConfigWithoutPlus()
	cfg.Failed = f.s.saslConfig(f.remote).Failed
	return f.build(cfg)
}

// needs reports whether a known user lacks credentials for h (accounts
// imported with SCRAM-SHA-1 only): XEP-0480 asks the client for them.
func (c *credentialStore) needs(username string, h crypto.Hash) bool {
	ctx, cancel := storeCtx()
	defer cancel()
	creds, err := c.st.Credentials(ctx, username)
	if err != nil {
		return false
	}
	_, have := creds[h]
	return !have
}

// upgrade stores the credentials a client sent in an XEP-0480 task. The
// read and write of an account's credentials are one step, so that two
// upgrades at once keep both.
func (c *credentialStore) upgrade(username string, h crypto.Hash, sc sasl.ScramCredentials) error {
	c.upgrading.Lock()
	defer c.upgrading.Unlock()
	ctx, cancel := storeCtx()
	defer cancel()
	creds, err := c.st.Credentials(ctx, username)
	if err != nil {
		return err
	}
	creds[h] = sc
	return c.st.SetCredentials(ctx, username, creds)
}

// replaceSameAgent ends the account's other sessions from the same client
// installation, the same SASL2 user-agent id, once a new one is bound
// with Bind 2 (XEP-0386 §Performing the bind: the server SHOULD terminate
// them; a client that reconnects leaves no ghost behind). A session of
// theirs whose stream is kept for XEP-0198 resumption ends now too: the
// installation bound afresh rather than resume it (sm.Server.Drop).
func (s *Server) replaceSameAgent(sess *xmpp.Session) {
	info, ok := xmpp.SASL2Of(sess)
	if !ok || info.UserAgent.ID == "" || !slices.Contains(info.Inline, xmpp.NSBind2) {
		return
	}
	var old []*xmpp.Session
	s.state.mu.Lock()
	if a := s.state.local(sess.RemoteAddr()); a != nil {
		for _, r := range a.resources {
			if r.sess == nil || r.sess == sess {
				continue
			}
			if i, ok := xmpp.SASL2Of(r.sess); ok && i.UserAgent.ID == info.UserAgent.ID {
				old = append(old, r.sess)
			}
		}
	}
	s.state.mu.Unlock()
	for _, o := range old {
		s.sm.Drop(o)
		s.endSession(o, errReplaced)
	}
}
