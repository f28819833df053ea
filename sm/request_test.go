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
// stanza, in the same write: nothing comes in between. (Each request is
// answered before the next stanza goes: while one is unanswered, none is
// added; see TestRequestOneOutstanding.)
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
				if tc.every > 0 && (i+1)%tc.every == 0 {
					waitAcked(t, cn.client, uint32(i+1))
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

// One request is outstanding at a time: while the peer has not answered,
// stanzas that would each have asked (AckEvery 1) go without <r/>; the
// answer asks at once for those that went out meanwhile, and a later
// stanza asks again once that is answered. The peer here is a scripted
// client; the server sends the stanzas (its answers to IQ requests).
func TestRequestOneOutstanding(t *testing.T) {
	p, _ := scripted(t, sm.NewServer(sm.ServerConfig{AckEvery: 1, AckAfter: -1}), true, true)
	iq := func(id string) {
		t.Helper()
		must(t, p.Write(`<iq type='get' id='`+id+`'><query xmlns='urn:example:none'/></iq>`))
	}
	next := func(want string) {
		t.Helper()
		el, err := p.Read()
		must(t, err)
		if got := el.Name().Local; got != want {
			t.Fatalf("read <%s/>, want <%s/>", got, want)
		}
	}
	iq("q1")
	iq("q2")
	iq("q3")
	next("iq")
	next("r") // after the first answer
	next("iq")
	next("iq") // no <r/>: the first is unanswered
	must(t, p.Write(`<r xmlns='urn:xmpp:sm:3'/>`))
	next("a") // nothing else came in between
	must(t, p.Write(`<a xmlns='urn:xmpp:sm:3' h='1'/>`))
	next("r") // two went out since the request
	must(t, p.Write(`<a xmlns='urn:xmpp:sm:3' h='3'/>`))
	iq("q4")
	next("iq")
	next("r")
}
