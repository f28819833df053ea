package xmpp_test

import (
	"context"
	"crypto"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

const (
	testAgent = "d4565fa7-4d72-4749-b3d3-740edbf87770"
	nsToy     = "urn:example:toy"
)

// toyFeature is a Bind 2 inline feature that answers in <bound/>.
type toyFeature struct{}

func (toyFeature) Var() string { return nsToy }
func (toyFeature) BindRequest(context.Context, *xmpp.Negotiation) (xmlstream.Marshaler, error) {
	return xmlstream.EmptyElement{Name: xmlName(nsToy, "on")}, nil
}
func (toyFeature) Bound(_ context.Context, _ *xmpp.Negotiation, bound *xmlstream.Element) error {
	if bound == nil {
		return errors.New("no <bound/>")
	}
	if _, ok := bound.Child(nsToy, "done"); !ok {
		return errors.New("no <done/> in <bound/>")
	}
	return nil
}
func (toyFeature) Enable(_ context.Context, _ *xmpp.Negotiation, full jid.JID, req *xmlstream.Element) (xmlstream.Marshaler, error) {
	if req.Name().Local != "on" {
		return nil, nil
	}
	return xmlstream.EmptyElement{Name: xmlName(nsToy, "done")}, nil
}

// fastWorld is one server's accounts and token store, and one client's
// token store, for several connections.
type fastWorld struct {
	env      tlsEnv
	accounts *xmpptest.Accounts
	server   *xmpp.MemoryFASTServerStore
	client   *xmpp.MemoryFASTClientStore
	log      xmpptest.LogBuffer
}

func newFastWorld(t testing.TB) *fastWorld {
	acc, err := xmpptest.NewAccounts(map[string]string{"juliet": "secret"}, 4096)
	if err != nil {
		t.Fatal(err)
	}
	return &fastWorld{env: newTLSEnv(t), accounts: acc, server: xmpp.NewMemoryFASTServerStore(), client: xmpp.NewMemoryFASTClientStore()}
}

func (w *fastWorld) serverFeatures(mod func(*xmpp.SASL2ServerConfig)) []xmpp.StreamFeature {
	cfg := xmpp.SASL2ServerConfig{
		SASL:   w.accounts.ServerConfig(),
		Inline: []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Features: []xmpp.BindFeature{toyFeature{}}})},
		FAST:   w.server,
	}
	if mod != nil {
		mod(&cfg)
	}
	return []xmpp.StreamFeature{xmpp.SASL2Server(cfg), xmpp.SASLServer(w.accounts.ServerConfig()), xmpp.BindResource()}
}

func (w *fastWorld) clientFeatures(password string, mod func(*xmpp.SASL2Config)) []xmpp.StreamFeature {
	cfg := xmpp.SASL2Config{
		SASL:      sasl.ClientConfig{Password: password},
		UserAgent: xmpp.UserAgent{ID: testAgent, Software: "Canto test", Device: "CI"},
		Inline:    []xmpp.SASL2Inline{xmpp.Bind2(xmpp.Bind2Config{Tag: "canto", Features: []xmpp.BindFeature{toyFeature{}}})},
		FAST:      w.client,
	}
	if mod != nil {
		mod(&cfg)
	}
	return []xmpp.StreamFeature{xmpp.SASL2(cfg), xmpp.SASL("", password), xmpp.BindResource()}
}

func (w *fastWorld) connect(t *testing.T, client, server []xmpp.StreamFeature) loginResult {
	t.Helper()
	return connectTLS(t, w.env, jid.MustParse("juliet@example.net"), client, server, xmpp.Config{RawLog: &w.log}, xmpp.Config{RawLog: &w.log})
}

func info(t *testing.T, s *xmpp.Session) xmpp.SASL2Info {
	t.Helper()
	i, ok := xmpp.SASL2Of(s)
	if !ok {
		t.Fatal("the session did not use SASL2")
	}
	return i
}

// refusedToken logs in with the password, which gets a FAST token, has
// the server forget the token, and logs in again with the password at
// hand: the token is refused and the password used on the same stream,
// which gets a new token.
func (w *fastWorld) refusedToken(t *testing.T) {
	t.Helper()
	must(t, w.connect(t, w.clientFeatures("secret", nil), w.serverFeatures(nil)).err)
	must(t, w.server.Invalidate("juliet", testAgent))
	r := w.connect(t, w.clientFeatures("secret", nil), w.serverFeatures(nil))
	must(t, r.err)
	if i := info(t, r.client); i.FAST || !strings.HasPrefix(i.Mechanism, "SCRAM") || !i.TokenIssued {
		t.Errorf("fallback login %+v, want SCRAM and a new token", i)
	}
}

// TestSASL2FAST logs in with SCRAM through SASL2 and Bind 2, gets a FAST
// token, and reconnects with it in one round trip (the authentication
// pipelined with the stream header).
func TestSASL2FAST(t *testing.T) {
	w := newFastWorld(t)
	first := w.connect(t, w.clientFeatures("secret", nil), w.serverFeatures(nil))
	must(t, first.err)
	ci, si := info(t, first.client), info(t, first.server)
	if !strings.HasPrefix(ci.Mechanism, "SCRAM-SHA-512-PLUS") || ci.FAST || !ci.TokenIssued {
		t.Errorf("first login %+v, want SCRAM-SHA-512-PLUS and a token", ci)
	}
	if si.UserAgent.ID != testAgent || si.UserAgent.Software != "Canto test" || si.UserAgent.Device != "CI" {
		t.Errorf("server saw user agent %+v", si.UserAgent)
	}
	local := first.client.LocalAddr()
	if !strings.HasPrefix(local.Resourcepart(), "canto/") || local != first.server.RemoteAddr() || !first.client.State().Has(xmpp.Bound) {
		t.Errorf("bound %s / %s", local, first.server.RemoteAddr())
	}
	if !slices.Equal(ci.Enabled, []string{nsToy}) || !slices.Equal(si.Enabled, []string{nsToy}) {
		t.Errorf("enabled client %v server %v", ci.Enabled, si.Enabled)
	}
	if first.trips != 3 {
		t.Errorf("SCRAM through SASL2 and Bind 2 took %d round trips, want 3", first.trips)
	}
	tok, err := w.client.LoadToken(local, testAgent)
	must(t, err)
	if tok.Mechanism != sasl.HTSHA256Expr {
		t.Errorf("token for %s, want %s (channel binding first)", tok.Mechanism, sasl.HTSHA256Expr)
	}

	second := w.connect(t, w.clientFeatures("", nil), w.serverFeatures(nil))
	must(t, second.err)
	ci = info(t, second.client)
	if !ci.FAST || !ci.Pipelined || ci.Mechanism != sasl.HTSHA256Expr || ci.TokenIssued {
		t.Errorf("FAST login %+v", ci)
	}
	if second.trips != 1 {
		t.Errorf("FAST login took %d round trips, want 1 (stream header and authenticate pipelined)", second.trips)
	}
	if second.client.LocalAddr() == local {
		t.Errorf("the second session got the first one's resource")
	}
	// The token never shows in the raw log.
	if strings.Contains(w.log.String(), tok.Token) {
		t.Error("the raw log shows the FAST token")
	}
	if !strings.Contains(w.log.String(), "[redacted]") {
		t.Error("nothing redacted in the raw log")
	}
}

// TestSASL2FASTRefused: a token the server no longer knows is refused,
// deleted, and the client logs in with its password on the same stream.
func TestSASL2FASTRefused(t *testing.T) {
	w := newFastWorld(t)
	w.refusedToken(t)
	// Without the password, a refused token is the end.
	must(t, w.server.Invalidate("juliet", testAgent))
	r := w.connect(t, w.clientFeatures("", nil), w.serverFeatures(nil))
	if r.err == nil {
		t.Fatal("login without password or valid token succeeded")
	}
	if _, err := w.client.LoadToken(jid.MustParse("juliet@example.net"), testAgent); !errors.Is(err, xmpp.ErrNoFASTToken) {
		t.Errorf("refused token still stored: %v", err)
	}
}

// TestSASL2FASTRotation: a token in the second half of its life is
// replaced at login, and the old one stops working once the new one is
// used; an invalidated token is gone.
func TestSASL2FASTRotation(t *testing.T) {
	w := newFastWorld(t)
	short := func(c *xmpp.SASL2ServerConfig) { c.TokenLifetime = time.Hour }
	must(t, w.connect(t, w.clientFeatures("secret", nil), w.serverFeatures(short)).err)
	account := jid.MustParse("juliet@example.net")
	old, err := w.client.LoadToken(account, testAgent)
	must(t, err)
	// Age the token on both sides: less than half its life left.
	toks, _ := w.server.Tokens("juliet", testAgent)
	aged := toks[0]
	aged.Expiry = time.Now().Add(10 * time.Minute)
	must(t, w.server.Issue("juliet", testAgent, aged))

	r := w.connect(t, w.clientFeatures("", nil), w.serverFeatures(short))
	must(t, r.err)
	if i := info(t, r.client); !i.FAST || !i.TokenIssued {
		t.Fatalf("rotation login %+v, want FAST and a new token", i)
	}
	rotated, err := w.client.LoadToken(account, testAgent)
	must(t, err)
	if rotated.Token == old.Token || rotated.Count != 0 {
		t.Fatalf("token not rotated: count %d", rotated.Count)
	}
	// The new token works; then the old one is refused.
	must(t, w.connect(t, w.clientFeatures("", nil), w.serverFeatures(short)).err)
	must(t, w.client.SaveToken(account, testAgent, xmpp.FASTToken{Mechanism: old.Mechanism, Token: old.Token, Expiry: old.Expiry, Count: 50}))
	if r := w.connect(t, w.clientFeatures("", nil), w.serverFeatures(short)); r.err == nil {
		t.Error("the old token still works after the new one was used")
	}
	// Invalidation (log-out).
	must(t, w.connect(t, w.clientFeatures("secret", nil), w.serverFeatures(short)).err)
	inv := w.connect(t, w.clientFeatures("", func(c *xmpp.SASL2Config) { c.InvalidateToken = true }), w.serverFeatures(short))
	must(t, inv.err)
	if toks, _ := w.server.Tokens("juliet", testAgent); len(toks) != 0 {
		t.Errorf("server kept %d tokens after invalidation", len(toks))
	}
	if _, err := w.client.LoadToken(account, testAgent); !errors.Is(err, xmpp.ErrNoFASTToken) {
		t.Errorf("client kept its token after invalidation: %v", err)
	}
}

// TestSASL2FASTReplay: a count the server has seen is refused.
func TestSASL2FASTReplay(t *testing.T) {
	w := newFastWorld(t)
	must(t, w.connect(t, w.clientFeatures("secret", nil), w.serverFeatures(nil)).err)
	must(t, w.connect(t, w.clientFeatures("", nil), w.serverFeatures(nil)).err)
	account := jid.MustParse("juliet@example.net")
	tok, err := w.client.LoadToken(account, testAgent)
	must(t, err)
	tok.Count-- // the next attempt repeats the count just used
	must(t, w.client.SaveToken(account, testAgent, tok))
	if r := w.connect(t, w.clientFeatures("", nil), w.serverFeatures(nil)); r.err == nil {
		t.Error("a replayed FAST count was accepted")
	}
}

// TestSASL2Fallback: a server without SASL2 gets RFC 6120 SASL and
// resource binding from the same client features.
func TestSASL2Fallback(t *testing.T) {
	w := newFastWorld(t)
	server := []xmpp.StreamFeature{xmpp.SASLServer(w.accounts.ServerConfig()), xmpp.BindResource()}
	r := w.connect(t, w.clientFeatures("secret", nil), server)
	must(t, r.err)
	if _, ok := xmpp.SASL2Of(r.client); ok {
		t.Error("SASL2 used against a server without it")
	}
	if !r.client.State().Has(xmpp.Bound) || r.trips != 5 {
		t.Errorf("state %v after %d round trips, want bound after 5", r.client.State(), r.trips)
	}
	// And a server with SASL2 but without Bind 2: bind after SASL2, no restart.
	server = []xmpp.StreamFeature{xmpp.SASL2Server(xmpp.SASL2ServerConfig{SASL: w.accounts.ServerConfig()}), xmpp.BindResource()}
	r = connectTLS(t, w.env, jid.MustParse("juliet@example.net/balcony"), w.clientFeatures("secret", nil), server, xmpp.Config{}, xmpp.Config{})
	must(t, r.err)
	if !r.client.State().Has(xmpp.Bound) || r.trips != 4 {
		t.Errorf("state %v after %d round trips, want bound after 4", r.client.State(), r.trips)
	}
	if got := r.client.LocalAddr().String(); got != "juliet@example.net/balcony" {
		t.Errorf("bound %s, want the resource asked for", got)
	}
}

// TestSASL2Upgrade: a client that logs in with SCRAM-SHA-1 is asked for
// SCRAM-SHA-256 credentials (XEP-0480), which then work.
func TestSASL2Upgrade(t *testing.T) {
	w := newFastWorld(t)
	var mu sync.Mutex
	stored := map[crypto.Hash]sasl.ScramCredentials{}
	up := &xmpp.ScramUpgrade{
		Needs: func(user string, h crypto.Hash) bool {
			mu.Lock()
			defer mu.Unlock()
			_, ok := stored[h]
			return user == "juliet" && !ok
		},
		Store: func(user string, h crypto.Hash, c sasl.ScramCredentials) error {
			mu.Lock()
			defer mu.Unlock()
			stored[h] = c
			return nil
		},
		Iterations: 4096,
	}
	server := w.serverFeatures(func(c *xmpp.SASL2ServerConfig) { c.Upgrade = up; c.FAST = nil })
	client := w.clientFeatures("secret", func(c *xmpp.SASL2Config) {
		c.SASL.Mechanisms = []string{sasl.ScramSHA1}
		c.Upgrades = []string{xmpp.UpgradeSCRAMSHA256}
	})
	r := w.connect(t, client, server)
	must(t, r.err)
	if i := info(t, r.client); !slices.Equal(i.Upgraded, []string{xmpp.UpgradeSCRAMSHA256}) {
		t.Fatalf("upgraded %v", i.Upgraded)
	}
	// The new credentials authenticate SCRAM-SHA-256.
	got, ok := stored[crypto.SHA256]
	if !ok {
		t.Fatal("no SHA-256 credentials stored")
	}
	srv := sasl.ServerConfig{ScramCredentials: func(string, crypto.Hash) (sasl.ScramCredentials, error) { return got, nil }}
	server = []xmpp.StreamFeature{xmpp.SASL2Server(xmpp.SASL2ServerConfig{SASL: srv}), xmpp.BindResource()}
	client = w.clientFeatures("secret", func(c *xmpp.SASL2Config) { c.SASL.Mechanisms = []string{sasl.ScramSHA256} })
	must(t, w.connect(t, client, server).err)
}

// TestSASL2FASTTheft: a token works only for the installation it was
// issued to and only with the mechanism it was issued for; either misuse
// is refused and the client falls back to its password.
func TestSASL2FASTTheft(t *testing.T) {
	account := jid.MustParse("juliet@example.net")
	for _, tc := range []struct {
		name  string
		steal func(w *fastWorld, tok xmpp.FASTToken) func(*xmpp.SASL2Config)
	}{
		{"other installation", func(w *fastWorld, tok xmpp.FASTToken) func(*xmpp.SASL2Config) {
			other := "0f9c2f8e-1b1d-4a7e-8c55-9d8e7f6a5b4c"
			must(t, w.client.SaveToken(account, other, tok))
			return func(c *xmpp.SASL2Config) { c.UserAgent.ID = other }
		}},
		{"other mechanism", func(w *fastWorld, tok xmpp.FASTToken) func(*xmpp.SASL2Config) {
			tok.Mechanism = sasl.HTSHA256None // issued for -EXPR
			must(t, w.client.SaveToken(account, testAgent, tok))
			return nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newFastWorld(t)
			must(t, w.connect(t, w.clientFeatures("secret", nil), w.serverFeatures(nil)).err)
			tok, err := w.client.LoadToken(account, testAgent)
			must(t, err)
			mod := tc.steal(w, tok)
			if r := w.connect(t, w.clientFeatures("", mod), w.serverFeatures(nil)); r.err == nil {
				t.Fatal("the misused token was accepted")
			}
			r := w.connect(t, w.clientFeatures("secret", mod), w.serverFeatures(nil))
			must(t, r.err)
			if i := info(t, r.client); i.FAST {
				t.Error("FAST login with a misused token")
			}
		})
	}
}
