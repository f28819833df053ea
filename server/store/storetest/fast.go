package storetest

import (
	"testing"
	"time"

	"github.com/canto-im/xmpp"
)

// RunFAST checks an xmpp.FASTServerStore (XEP-0484 tokens, in the two
// slots of each client) from open, in which the account "alice" exists.
func RunFAST(t *testing.T, open func(t *testing.T) xmpp.FASTServerStore) {
	st := open(t)
	exp := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	tok := func(s string, n int) xmpp.FASTToken {
		return xmpp.FASTToken{Mechanism: "HT-SHA-256-NONE", Token: s, Expiry: exp, Count: n}
	}
	tokens := func(agent string) string {
		t.Helper()
		ts, err := st.Tokens("alice", agent)
		if err != nil {
			t.Fatal(err)
		}
		out := ""
		for _, x := range ts {
			if !x.Expiry.Equal(exp) || x.Mechanism != "HT-SHA-256-NONE" {
				t.Errorf("token read back as %v", x)
			}
			out += x.Token + "/" + string(rune('0'+x.Count)) + " "
		}
		return out
	}
	const a, b = "agent-a", "agent-b"
	for _, step := range []struct {
		name string
		do   func() error
		want string // tokens of agent a after
	}{
		{"None", func() error { return nil }, ""},
		{"UsedWithoutTokens", func() error { return st.Used("alice", a, tok("x", 1)) }, ""},
		{"Issue", func() error { return st.Issue("alice", a, tok("t1", 0)) }, "t1/0 "},
		{"UseNewest", func() error { return st.Used("alice", a, tok("t1", 1)) }, "t1/1 "},
		{"IssueNext", func() error { return st.Issue("alice", a, tok("t2", 0)) }, "t2/0 t1/1 "},
		{"ReplaceUnused", func() error { return st.Issue("alice", a, tok("t3", 0)) }, "t3/0 t1/1 "},
		{"UseCurrentAgain", func() error { return st.Used("alice", a, tok("t1", 2)) }, "t3/0 t1/2 "},
		{"UseNewestDropsOld", func() error { return st.Used("alice", a, tok("t3", 1)) }, "t3/1 "},
		{"OtherAgent", func() error { return st.Issue("alice", b, tok("b1", 0)) }, "t3/1 "},
		{"Invalidate", func() error { return st.Invalidate("alice", a) }, ""},
	} {
		if err := step.do(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if got := tokens(a); got != step.want {
			t.Errorf("after %s: %q, want %q", step.name, got, step.want)
		}
	}
	if got := tokens(b); got != "b1/0 " {
		t.Errorf("the other agent's tokens: %q", got)
	}
}
