package server

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/register"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// In-band registration (XEP-0077), when Config.AllowRegistration is set:
// the stream feature before SASL (registerFeature), and on a logged-in
// session the registration query, password change and removal
// (handleRegister).

// Registrations a source address may make, in registrationWindow.
const (
	registrationsPerAddr = 3
	registrationWindow   = time.Hour
)

// regLimiter counts the accounts created per source address (IPv6: per
// /64), so that one client cannot fill the server with accounts.
type regLimiter struct {
	mu     sync.Mutex
	byAddr map[string][]time.Time
}

// allow records a registration from host at now, or reports that its
// window is full.
func (l *regLimiter) allow(host string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byAddr == nil {
		l.byAddr = make(map[string][]time.Time)
	}
	ts := l.byAddr[host]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= registrationWindow {
		i++
	}
	ts = ts[i:]
	for h, old := range l.byAddr { // forget quiet addresses
		if len(old) > 0 && now.Sub(old[len(old)-1]) >= registrationWindow {
			delete(l.byAddr, h)
		}
	}
	if len(ts) >= registrationsPerAddr {
		l.byAddr[host] = ts
		return false
	}
	l.byAddr[host] = append(ts, now)
	return true
}

// registerFeature is the in-band registration stream feature for a
// connection from remote.
func (s *Server) registerFeature(remote string) xmpp.StreamFeature {
	host := hostOf(remote)
	return register.ServerFeature("Choose a username and a password.", func(_ context.Context, username, password string) error {
		if !s.regLimit.allow(host, time.Now()) {
			return stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint, Text: "too many registrations from your address"}
		}
		err := s.AddUser(username, password)
		switch {
		case errors.Is(err, ErrUserExists):
			return stanza.NewError(stanza.Conflict)
		case errors.Is(err, errBadUsername):
			return stanza.Error{Type: stanza.Modify, Condition: stanza.NotAcceptable, Text: "invalid username"}
		}
		if err == nil {
			s.log.Info("server: account registered in-band", "user", username, "remote", remote)
		}
		return err
	})
}

// registrationFeatures is what the server advertises of XEP-0077.
func (s *Server) registrationFeatures() []disco.Feature {
	if !s.cfg.AllowRegistration {
		return nil
	}
	return []disco.Feature{disco.Var(register.NS)}
}

// SetPassword replaces the password of an existing account.
func (s *Server) SetPassword(username, password string) error {
	ctx, cancel := storeCtx()
	defer cancel()
	if err := SetPassword(ctx, s.state.st, username, password, s.creds.iterations); err != nil {
		return fmt.Errorf("server: user %q: %w", username, err)
	}
	return nil
}

// errRemoved ends the sessions of an account removed in-band (XEP-0077
// §3.2).
var errRemoved = stream.NotAuthorized.WithText("account removed")

// handleRegister answers a jabber:iq:register request of a logged-in
// session for its own account: get says it is registered (§3.1), set
// changes the password (§3.3) or removes the account (§3.2).
func (s *Server) handleRegister(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	if !s.cfg.AllowRegistration {
		return stanza.NewError(stanza.ServiceUnavailable)
	}
	user := sess.RemoteAddr().Localpart()
	el, _ := st.Element.Child(register.NS, "query")
	q, err := register.Parse(el)
	if err != nil {
		return stanza.NewError(stanza.BadRequest)
	}
	reply := func(m xmlstream.Marshaler) error { return sess.Send(ctx, st.Header.IQ().Result().Wrap(m)) }
	switch st.Header.IQType() {
	case stanza.GetIQ:
		return reply(register.Query{Registered: true, Username: user})
	case stanza.SetIQ:
	default:
		return stanza.NewError(stanza.BadRequest)
	}
	switch {
	case q.Remove:
		// The PEP nodes go first, while contacts may still be told; if
		// either step fails, the account stays and may try again.
		if err := s.deletePEP(sess.RemoteAddr().Bare()); err != nil {
			s.log.Error("server: removing an account's PEP nodes", "user", user, "err", err)
			return errStore
		}
		if err := s.cancelSubscriptions(user); err != nil {
			return errStore
		}
		err := s.removeCredentials(user) // no new login from here on
		others := s.otherSessions(sess)
		// Forgotten before the reply: a client told of the removal may
		// register the name again at once, from another connection.
		s.forgetAccount(user)
		if err == nil {
			err = reply(nil)
		}
		s.endAccountSessions(sess, others)
		return err
	case q.Username == "" || q.Password == "":
		return stanza.Error{Type: stanza.Modify, Condition: stanza.BadRequest, Text: "username and password required"}
	case q.Username != user:
		return stanza.Error{Type: stanza.Modify, Condition: stanza.NotAuthorized, Text: "not your username"}
	}
	if err := s.SetPassword(user, q.Password); err != nil {
		return err
	}
	return reply(nil)
}

// removeCredentials deletes an account and all it keeps from the store,
// so that it can no longer log in.
func (s *Server) removeCredentials(username string) error {
	ctx, cancel := storeCtx()
	defer cancel()
	if err := DeleteAccount(ctx, s.state.st, username); err != nil {
		return fmt.Errorf("server: removing %q: %w", username, err)
	}
	s.log.Info("server: account removed in-band", "user", username)
	return nil
}

// forgetAccount drops a removed account from the registry once its
// sessions were told to end, so that its name can be registered again.
func (s *Server) forgetAccount(username string) {
	s.state.mu.Lock()
	if a := s.state.accounts[username]; a != nil {
		a.setCarbonsMaybe(false) // no longer counted among the copiers
		for _, res := range a.resources {
			res.detached = true // gone with it (senderAgain)
		}
	}
	delete(s.state.accounts, username)
	s.state.mu.Unlock()
}

// otherSessions returns the sessions of sess's account other than sess.
func (s *Server) otherSessions(sess *xmpp.Session) []*xmpp.Session {
	var others []*xmpp.Session
	s.state.mu.Lock()
	if a := s.state.local(sess.RemoteAddr()); a != nil {
		for _, res := range a.resources {
			if res.sess != nil && res.sess != sess {
				others = append(others, res.sess)
			}
		}
	}
	s.state.mu.Unlock()
	return others
}

// endAccountSessions ends the sessions of a removed account with
// not-authorized (XEP-0077 §3.2): others, then sess itself.
func (s *Server) endAccountSessions(sess *xmpp.Session, others []*xmpp.Session) {
	for _, o := range others {
		s.endSession(o, errRemoved)
	}
	s.endSession(sess, errRemoved)
}
