package sm_test

import (
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/sm"
	"github.com/canto-im/xmpp/xmpptest"
)

// The request for an acknowledgement goes right after every AckEvery-th
// stanza, in the same write: nothing comes in between.
func TestRequestFollowsStanza(t *testing.T) {
	for _, tc := range []struct {
		name  string
		every int
		sends int
		want  string // what the client wrote after enabling: m for a message, r for <r/>
	}{
		{"every stanza", 1, 3, "mrmrmr"},
		{"every third", 3, 7, "mmmrmmmrm"},
		{"never by count", -1, 4, "mmmm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, sm.ServerConfig{})
			in := newBodies()
			r.handler = in
			log := new(xmpptest.LogBuffer)
			cn := r.enabled(sm.Config{AckEvery: tc.every, AckAfter: -1}, xmpp.Config{RawLog: log})
			ctx := ctx5(t)
			for i := range tc.sends {
				if err := cn.client.Send(ctx, msg(i)); err != nil {
					t.Fatal(err)
				}
			}
			in.wait(t, tc.sends)
			// The log follows the transport: wait for it to show the last
			// writes too.
			var got string
			for deadline := time.Now().Add(5 * time.Second); ; {
				got = written(log.String())
				if got == tc.want || time.Now().After(deadline) {
					break
				}
				time.Sleep(time.Millisecond)
			}
			if got != tc.want {
				t.Errorf("wrote %s, want %s\n%s", got, tc.want, log.String())
			}
		})
	}
}

// written sums up a raw log's lines written: m for a message, r for <r/>.
func written(log string) string {
	var got strings.Builder
	for line := range strings.Lines(log) {
		_, el, ok := strings.Cut(line, " -> ")
		switch {
		case !ok:
		case strings.HasPrefix(el, "<message"):
			got.WriteByte('m')
		case strings.HasPrefix(el, "<r "):
			got.WriteByte('r')
		}
	}
	return got.String()
}
