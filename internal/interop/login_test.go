package interop

import (
	"encoding/base64"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sasl"
)

// TestLogin logs in to each server over STARTTLS and direct TLS, on TLS
// 1.3 and 1.2, with every SASL mechanism the server offers and with the
// library's own choice, binds a resource, and sees a wrong password fail
// with not-authorized.
func TestLogin(t *testing.T) {
	for _, c := range loginMatrix() {
		t.Run(c.name(), func(t *testing.T) {
			need(t, c.srv)
			testLogin(t, c)
		})
	}
}

func testLogin(t *testing.T, c loginCase) {
	var mechanisms []string
	if c.mechanism != defaultMechanisms {
		mechanisms = []string{c.mechanism}
	}
	l := login{user: "alice", transport: c.transport, maxTLS: c.tls.max, mechanisms: mechanisms}
	var offered []string
	l.offered = &offered
	s, err := c.srv.login(t, l)
	checkOffered(t, c, offered)
	if c.noBinding {
		// The server refuses the binding, or the client sees it cannot bind.
		var se *xmpp.SASLError
		if !errors.As(err, &se) && !errors.Is(err, sasl.ErrNoMechanism) {
			t.Fatalf("%s with no shared channel-binding type: got %v, want a SASL failure", c.mechanism, err)
		}
		t.Logf("%s without a shared channel-binding type fails cleanly: %v", c.mechanism, err)
		return
	}
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	checkSession(t, c, s)
	if c.mechanism == defaultMechanisms {
		return // the wrong password is tried with each mechanism
	}
	l.password, l.offered = "wrong-"+randomString(), nil
	if _, err := c.srv.login(t, l); !errors.Is(err, sasl.ErrNotAuthorized) {
		t.Errorf("login with a wrong password: got %v, want %v", err, sasl.ErrNotAuthorized)
	}
}

// checkOffered compares the offer with the matrix: every mechanism
// offered must have its case.
func checkOffered(t *testing.T, c loginCase, offered []string) {
	t.Helper()
	want := offers(c.srv, c.tls)
	got := slices.Sorted(slices.Values(offered))
	if !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("%s offered %v, the matrix has %v: update offers()", c.srv.name, got, want)
	}
}

// checkSession checks what the login established.
func checkSession(t *testing.T, c loginCase, s *session) {
	t.Helper()
	if want := xmpp.Secure | xmpp.Authenticated | xmpp.Bound; !s.State().Has(want) {
		t.Errorf("state %v, want %v", s.State(), want)
	}
	if st := s.TLSState(); st == nil || st.Version != c.tls.want {
		t.Errorf("TLS state %+v, want version %x", st, c.tls.want)
	}
	local := s.LocalAddr()
	if local.Bare().String() != "alice@"+domain || local.Resourcepart() == "" {
		t.Errorf("bound JID %v, want alice@%s/<resource>", local, domain)
	}
	mech, gs2 := authSent(s.raw.String())
	if c.mechanism != defaultMechanisms && mech != c.mechanism {
		t.Errorf("authenticated with %q, want %q", mech, c.mechanism)
	}
	if want := "p=" + bindingType(c.srv, c.tls) + ","; strings.HasSuffix(mech, "-PLUS") && gs2 != want {
		t.Errorf("%s sent GS2 header %q, want %q", mech, gs2, want)
	}
	t.Logf("logged in as %s with %s (GS2 %q) over %s", local, mech, gs2, c.tls.name)
}

var authRE = regexp.MustCompile(`<auth [^>]*mechanism=["']([^"']+)["'][^>]*>([^<]*)</auth>`)

// authSent returns the mechanism of the client's <auth/> and, for SCRAM,
// the GS2 header of its initial response (RFC 5802 §7).
func authSent(raw string) (mechanism, gs2 string) {
	m := authRE.FindStringSubmatch(raw)
	if m == nil {
		return "", ""
	}
	if !strings.HasPrefix(m[1], "SCRAM-") {
		return m[1], ""
	}
	data, err := base64.StdEncoding.DecodeString(m[2])
	if err != nil {
		return m[1], "(bad base64)"
	}
	fields := strings.SplitN(string(data), ",", 3)
	if len(fields) < 3 {
		return m[1], "(no GS2 header)"
	}
	return m[1], fields[0] + "," + fields[1]
}
