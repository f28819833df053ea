package interop

import (
	"context"
	"fmt"
	"testing"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
)

// A capability is a service a test needs beyond RFC 6120 and RFC 6121.
// Prosody and ejabberd, as configured here, have them all; the embedded
// server gains them one by one.
type capability int

const (
	capPEP        capability = iota // XEP-0163 on every account
	capPubSub                       // a XEP-0060 service at pubsub.DOMAIN
	capMAM                          // XEP-0313 on every account
	capMUC                          // a XEP-0045 service at conference.DOMAIN
	capHTTPUpload                   // XEP-0363
	capOffline                      // offline storage, RFC 6121 §8.5.2.2.1
	capSM                           // XEP-0198
	capSASL2                        // XEP-0388
	capMUCVoice                     // XEP-0045 §7.13 voice requests
)

var capNames = map[capability]string{
	capPEP: "PEP (XEP-0163)", capPubSub: "a pubsub service (XEP-0060) at pubsub." + domain,
	capMAM: "MAM (XEP-0313)", capMUC: "a MUC service (XEP-0045) at conference." + domain,
	capHTTPUpload: "HTTP upload (XEP-0363)", capOffline: "offline storage (RFC 6121 §8.5.2.2.1)",
	capSM: "stream management (XEP-0198)", capSASL2: "SASL2 (XEP-0388)",
	capMUCVoice: "voice requests in rooms (XEP-0045 §7.13)",
}

func (c capability) String() string {
	if n, ok := capNames[c]; ok {
		return n
	}
	return fmt.Sprintf("capability(%d)", int(c))
}

// cantoNotYetServed lists what the embedded server does not serve yet.
// This list is the one place to update: delete a line when the service
// lands, and the tests that need it run against canto too.
var cantoNotYetServed = []capability{
	capMUCVoice,
	capPubSub,
}

// has reports whether the server serves c. Only the embedded server can
// lack one: a missing service of Prosody's or ejabberd's is a failure.
func (s *server) has(c capability) bool {
	if s != canto {
		return true
	}
	for _, missing := range cantoNotYetServed {
		if c == missing {
			return false
		}
	}
	return true
}

// requires reports whether the server serves caps, so that the test goes
// on. Where canto does not serve one yet (cantoNotYetServed), the test
// checks instead that canto says so truly, by the check refusals holds for
// it, and returns false: the caller returns. Nothing is skipped.
func (s *server) requires(t *testing.T, caps ...capability) bool {
	t.Helper()
	served := true
	for _, c := range caps {
		if s.has(c) {
			continue
		}
		served = false
		check, ok := refusals[c]
		if !ok {
			t.Fatalf("%s does not serve %v and no check says how it refuses it (refusals)", s.name, c)
		}
		check(t, s)
	}
	return served
}

// refusals check, for each capability canto may lack, that it does not
// claim it: a test that cannot run against canto checks that instead.
var refusals = map[capability]func(t *testing.T, s *server){
	// No service at pubsub.DOMAIN: discovery on it fails (RFC 6120 §10.4:
	// a domain the server does not serve).
	capPubSub: func(t *testing.T, s *server) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		sess := s.loginAs(t, "alice", "", nil)
		if info, err := disco.GetInfo(ctx, sess.Session, jid.MustParse("pubsub."+domain), ""); err == nil {
			t.Errorf("%s: disco#info on pubsub.%s answered %+v; want an error: it serves no pubsub service", s.name, domain, info)
		}
	},
	// The MUC service does not announce voice requests (XEP-0045 §7.13,
	// feature http://jabber.org/protocol/muc#request).
	capMUCVoice: func(t *testing.T, s *server) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		sess := s.loginAs(t, "alice", "", nil)
		info, err := disco.GetInfo(ctx, sess.Session, jid.MustParse("conference."+domain), "")
		if err != nil {
			t.Fatalf("%s: disco#info on conference.%s: %v", s.name, domain, err)
		}
		if info.HasFeature("http://jabber.org/protocol/muc#request") {
			t.Errorf("%s: the MUC service announces voice requests, which cantoNotYetServed says it lacks", s.name)
		}
	},
}
