package server

import (
	"testing"

	"github.com/canto-im/xmpp/jid"
)

// TestCopiersCount holds the registry's count of accounts that may have
// carbon copies to what their carbonsMaybe say, through enabling, a
// routed message finding none enabled, and an account's removal: a count
// of zero while one is set would lose that account's copies.
func TestCopiersCount(t *testing.T) {
	r := newRegistry(jid.MustParse("example.com"), nil, nil)
	alice := r.addAccount(jid.MustParse("alice@example.com"))
	bob := r.addAccount(jid.MustParse("bob@example.com"))
	res := &resource{full: jid.MustParse("alice@example.com/a")}
	count := func(want int) {
		t.Helper()
		n := 0
		for _, a := range r.accounts {
			if a.carbonsMaybe {
				n++
			}
		}
		if r.copiers != n || n != want {
			t.Fatalf("copiers = %d, accounts with carbonsMaybe = %d, want %d", r.copiers, n, want)
		}
	}
	r.setCarbonsLocked(res, true)
	r.setCarbonsLocked(res, true) // enabling again counts once
	count(1)
	bob.setCarbonsMaybe(true)
	count(2)
	alice.setCarbonsMaybe(false) // as a routed message finding none enabled
	alice.setCarbonsMaybe(false)
	count(1)
	s := &Server{state: r}
	s.forgetAccount("bob")
	count(0)
}
