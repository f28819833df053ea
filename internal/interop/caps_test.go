package interop

import (
	"fmt"
	"testing"
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

// requires skips the test where the server does not serve one of caps
// yet: only for canto, and only for what cantoNotYetServed lists. This is
// the interop tests' one kind of skip besides a server not installed.
func (s *server) requires(t testing.TB, caps ...capability) {
	t.Helper()
	for _, c := range caps {
		if !s.has(c) {
			t.Skipf("%s does not serve %v yet (see cantoNotYetServed)", s.name, c)
		}
	}
}
