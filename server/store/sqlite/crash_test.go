package sqlite_test

import (
	"bufio"
	"context"
	"crypto"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/pubsub"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/sqlite"
)

// crashEnv names the database a re-executed test binary writes to until it
// is killed (see TestCrashChild).
const crashEnv = "CANTO_SQLITE_CRASH_DB"

// TestCrashChild is the write loop of TestKillDuringWrites: it runs only
// in the child process. Each write is one transaction; its number is
// printed once the store returned, which is the acknowledgement.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		return // not the child: nothing to do
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	creds := store.Credentials{crypto.SHA256: {Salt: []byte("s"), Iterations: 4096, StoredKey: []byte("k"), ServerKey: []byte("k")}}
	start := time.Now().UnixNano() // distinct names across runs
	for i := 0; ; i++ {
		user := fmt.Sprintf("u%d-%d", start, i)
		if err := st.CreateAccount(ctx, user, creds); err != nil {
			fmt.Println("create:", err)
			os.Exit(2)
		}
		item := store.RosterItem{JID: jid.MustParse(fmt.Sprintf("c%d@example.test", i)), Subscription: store.SubBoth}
		if err := st.PutRosterItem(ctx, user, item, store.RosterVersion{Epoch: "e", Count: 1}); err != nil {
			fmt.Println("roster:", err)
			os.Exit(2)
		}
		if _, err := st.PushOffline(ctx, user, store.OfflineMessage{Stamp: time.Now(), Stanza: []byte("<message/>")}, store.Quota{Messages: 10, Bytes: 1000}); err != nil {
			fmt.Println("offline:", err)
			os.Exit(2)
		}
		// The newer tables: a journal batch, an archived message, a PEP
		// item, a FAST token.
		second := store.RosterItem{JID: jid.MustParse(fmt.Sprintf("d%d@example.test", i))}
		errs := st.Batch(ctx, []store.Write{
			func(ctx context.Context, w store.Store) error {
				return w.PutRosterItem(ctx, user, second, store.RosterVersion{Epoch: "e", Count: 2})
			},
			func(ctx context.Context, w store.Store) error {
				return w.SetVCard(ctx, user, []byte("<vCard xmlns='vcard-temp'/>"))
			},
		})
		if err := errors.Join(errs...); err != nil {
			fmt.Println("batch:", err)
			os.Exit(2)
		}
		owner := jid.MustParse(user + "@example.test")
		if err := st.Archive(mam.MemoryLimits{}).Append(owner, mam.Stored{ID: user, Time: time.Now(), With: owner, Raw: []byte("<message/>")}); err != nil {
			fmt.Println("archive:", err)
			os.Exit(2)
		}
		pep := st.PEP()
		if err := pep.Create(owner, "n", pubsub.NodeConfig{MaxItems: 1}, 1); err != nil {
			fmt.Println("pep:", err)
			os.Exit(2)
		}
		if err := pep.Put(owner, "n", pubsub.StoredItem{ID: "i", Publisher: owner}, 1); err != nil {
			fmt.Println("pep:", err)
			os.Exit(2)
		}
		if err := st.FAST().Issue(user, "agent", xmpp.FASTToken{Mechanism: "HT-SHA-256-NONE", Token: "t", Expiry: time.Now()}); err != nil {
			fmt.Println("fast:", err)
			os.Exit(2)
		}
		fmt.Println("ack", user)
	}
}

// TestKillDuringWrites kills a process writing to the store with SIGKILL
// at random moments, several times over, and checks that every write it
// acknowledged is there and that the database is sound.
func TestKillDuringWrites(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		return
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	var acked []string
	for round := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Killed at a random moment once it writes (its start takes a
		// while), or after 10 s if it never does.
		kill := time.Duration(20+rand.IntN(300)) * time.Millisecond
		timer := time.AfterFunc(10*time.Second, func() { _ = cmd.Process.Signal(syscall.SIGKILL) })
		sc := bufio.NewScanner(out)
		n := 0
		for sc.Scan() {
			if user, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
				if n == 0 {
					timer.Reset(kill)
				}
				acked = append(acked, user)
				n++
			} else if strings.Contains(sc.Text(), ":") {
				t.Errorf("round %d: child: %s", round, sc.Text())
			}
		}
		timer.Stop()
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: the child did not die of SIGKILL: %v", round, err)
		}
		t.Logf("round %d: killed %v after its first acknowledgement, after %d", round, kill, n)
	}
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	users, err := st.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	have := make(map[string]bool, len(users))
	for _, u := range users {
		have[u] = true
	}
	for _, u := range acked {
		if !have[u] {
			t.Fatalf("acknowledged account %s is missing", u)
		}
		items, _, err := st.Roster(ctx, u)
		if err != nil || len(items) != 2 { // one alone, one in a batch
			t.Fatalf("acknowledged roster of %s: %v, %v", u, items, err)
		}
		msgs, err := st.OfflineMessages(ctx, u)
		if err != nil || len(msgs) != 1 {
			t.Fatalf("acknowledged offline message of %s: %v, %v", u, msgs, err)
		}
		if card, err := st.VCard(ctx, u); err != nil || card == nil {
			t.Fatalf("acknowledged batch of %s: vCard %q, %v", u, card, err)
		}
		owner := jid.MustParse(u + "@example.test")
		if _, _, ok, err := st.Archive(mam.MemoryLimits{}).Bounds(owner); !ok || err != nil {
			t.Fatalf("acknowledged archived message of %s: %v, %v", u, ok, err)
		}
		if its, err := st.PEP().Items(owner, "n"); err != nil || len(its) != 1 {
			t.Fatalf("acknowledged PEP item of %s: %v, %v", u, its, err)
		}
		if ts, err := st.FAST().Tokens(u, "agent"); err != nil || len(ts) != 1 {
			t.Fatalf("acknowledged FAST token of %s: %v, %v", u, len(ts), err)
		}
	}
	t.Logf("%d acknowledged writes present (of %d accounts)", len(acked), len(users))
}
