package discover

import (
	"context"
	"net"
	"testing"

	"github.com/canto-im/xmpp/internal/leaktest"
)

func TestMain(m *testing.M) { leaktest.Main(m) }

// fakeResolver answers SRV queries from a map keyed by the full name
// queried ("_xmpp-client._tcp.example.com"); a missing name is NXDOMAIN.
type fakeResolver map[string]fakeAnswer

type fakeAnswer struct {
	recs []*net.SRV
	err  error
}

func (f fakeResolver) LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error) {
	key := "_" + service + "._" + proto + "." + name
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	a, ok := f[key]
	if !ok {
		return "", nil, &net.DNSError{Err: "no such host", Name: key, IsNotFound: true}
	}
	return key + ".", a.recs, a.err
}

func srv(target string, port, prio, weight uint16) *net.SRV {
	return &net.SRV{Target: target, Port: port, Priority: prio, Weight: weight}
}

func records(recs ...*net.SRV) fakeAnswer { return fakeAnswer{recs: recs} }

var noService = records(srv(".", 0, 0, 0))
