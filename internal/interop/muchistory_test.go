package interop

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/muc"
)

// TestMUCHistorySlixmpp: a Canto client creates a room and says three
// things in it; then a slixmpp client joins asking for at most two
// messages of history (XEP-0045 §7.2.15) and must get the last two, in
// order, with the Canto client's nick and a delay stamped by the room,
// before the subject.
func TestMUCHistorySlixmpp(t *testing.T) {
	if !python("slixmpp")() {
		skipOrFail(t, "slixmpp is missing (apt-get install python3-slixmpp)")
	}
	eachServer(t, func(t *testing.T, srv *server) {
		if !srv.requires(t, capMUC) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
		defer cancel()
		// A room of its own: its history is this run's messages only.
		room, err := jid.New("history"+strconv.FormatInt(time.Now().UnixNano(), 36), "conference."+domain, "")
		if err != nil {
			t.Fatal(err)
		}
		alice := newMUCPeer(t, srv, "alice")
		ar, err := alice.c.Join(ctx, alice.s.Session, room, "alice", muc.JoinOptions{History: &muc.History{MaxStanzas: muc.Limit(0)}})
		if err != nil {
			t.Fatalf("alice joins: %v", err)
		}
		said := []string{"first ✓", "second <&>", "third 😀"}
		for _, b := range said {
			if err := ar.Send(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		// The room has them all once alice has seen them reflected.
		for n := 0; n < len(said); {
			select {
			case m := <-alice.messages:
				if m.Body != "" {
					n++
				}
			case <-ctx.Done():
				t.Fatalf("alice saw %d of her %d messages", n, len(said))
			}
		}
		ca := filepath.Join(t.TempDir(), "ca.pem")
		if err := os.WriteFile(ca, pki.certPEM, 0o600); err != nil {
			t.Fatal(err)
		}
		run, cancelRun := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancelRun()
		cmd := exec.CommandContext(run, systemPython, scripts+"slixmpp_muc_history.py", loopback, strconv.Itoa(srv.ports.c2s), domain,
			"bob", srv.accounts["bob"], ca, room.String(), "2")
		cmd.WaitDelay = 5 * time.Second
		out, err := cmd.CombinedOutput()
		var history []string
		for l := range strings.Lines(string(out)) {
			if h, ok := strings.CutPrefix(strings.TrimSpace(l), "HISTORY "); ok {
				history = append(history, h)
			}
		}
		want := []string{"alice " + said[1], "alice " + said[2]}
		if err != nil || !slices.Contains(strings.Fields(string(out)), "OK") || !slices.Equal(history, want) {
			t.Fatalf("slixmpp_muc_history.py: %v, history %q, want %q\n%s", err, history, want, out)
		}
		if err := ar.Leave(ctx, ""); err != nil {
			t.Error(err)
		}
	})
}
