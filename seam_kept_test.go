package xmpp_test

import (
	"context"
	"encoding/xml"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/xmlstream"
)

var keeperKey = xmpp.NewExtensionKey[*keeper]("keeper")

// keeper copies each element it sees if copy is set, as stream management
// keeps what it sends, and breaks the outbox while the element passes, as
// a transport failing at that moment would.
type keeper struct {
	copy bool
	kept []xmpp.Held
}

var errBroken = errors.New("broken transport")

func (k *keeper) Sending(s *xmpp.Session, o *xmpp.Outgoing) {
	if k.copy {
		k.kept = append(k.kept, o.Copy())
	}
	xmpp.BreakOutboxForTest(s, errBroken)
}

// keeperFeature attaches a keeper on the receiving side without offering
// anything.
type keeperFeature struct {
	countFeature
	copy bool
}

func (keeperFeature) Name() xml.Name { return xml.Name{Space: nsCount, Local: "keeper"} }

func (f keeperFeature) Advertise(_ context.Context, n *xmpp.Negotiation, _ xmlstream.Encoder) (bool, bool, error) {
	keeperKey.Attach(n, &keeper{copy: f.copy})
	return false, false, nil
}

// A send whose element a Sender copied (stream management, which writes
// it again on a resumed stream) does not fail when the transport fails
// after the Sender saw it: the caller would otherwise send it again and
// the peer would get it twice. Without a copy the error is the caller's.
func TestSeamCopiedSendDoesNotFail(t *testing.T) {
	for _, tc := range []struct {
		name    string
		copy    bool
		wantErr bool
	}{
		{"copied", true, false},
		{"not copied", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, s := seamPair(t, nil, []xmpp.StreamFeature{keeperFeature{copy: tc.copy}}, nil)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := s.Send(ctx, msg("1"))
			if gotErr := err != nil; gotErr != tc.wantErr {
				t.Fatalf("Send: %v, want an error: %v", err, tc.wantErr)
			}
			if tc.wantErr && !errors.Is(err, errBroken) {
				t.Errorf("Send: %v, want %v", err, errBroken)
			}
			k, _ := keeperKey.Get(s)
			if tc.copy && len(k.kept) != 1 {
				t.Errorf("%d copies, want 1", len(k.kept))
			}
		})
	}
}
