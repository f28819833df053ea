package sqlite_test

import (
	"bufio"
	"context"
	"crypto"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
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
		if err != nil || len(items) != 1 {
			t.Fatalf("acknowledged roster of %s: %v, %v", u, items, err)
		}
		msgs, err := st.OfflineMessages(ctx, u)
		if err != nil || len(msgs) != 1 {
			t.Fatalf("acknowledged offline message of %s: %v, %v", u, msgs, err)
		}
	}
	t.Logf("%d acknowledged writes present (of %d accounts)", len(acked), len(users))
}
