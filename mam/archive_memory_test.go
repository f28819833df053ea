package mam_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/xmpptest"
)

var (
	owner = jid.MustParse("juliet@example.com")
	romeo = jid.MustParse("romeo@example.net/orchard")
	nurse = jid.MustParse("nurse@example.com/kitchen")
	t0    = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

// filled returns an archive of n messages, one a minute from t0, with ids
// m0, m1, …, alternately with romeo and the nurse.
func filled(n int) *mam.MemoryArchive {
	a := mam.NewMemoryArchive(mam.MemoryLimits{Messages: n + 10})
	for i := range n {
		with := romeo
		if i%2 == 1 {
			with = nurse
		}
		raw := fmt.Appendf(nil, "<message xmlns='jabber:client' type='chat'><body>%d</body></message>", i)
		_ = a.Append(owner, mam.Stored{ID: fmt.Sprintf("m%d", i), Time: t0.Add(time.Duration(i) * time.Minute), With: with, Raw: raw})
	}
	return a
}

// TestPrefs reads preferences and applies them.
func TestPrefs(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		ok       bool
		with     string
		inRoster bool
		archives bool
	}{
		{"Always", `<prefs xmlns='urn:xmpp:mam:2' default='always'/>`, true, "a@b", false, true},
		{"Never", `<prefs xmlns='urn:xmpp:mam:2' default='never'/>`, true, "a@b", false, false},
		{"RosterIn", `<prefs xmlns='urn:xmpp:mam:2' default='roster'/>`, true, "a@b", true, true},
		{"RosterOut", `<prefs xmlns='urn:xmpp:mam:2' default='roster'/>`, true, "a@b", false, false},
		{"AlwaysListed", `<prefs xmlns='urn:xmpp:mam:2' default='never'><always><jid>a@b</jid></always></prefs>`, true, "a@b/r", false, true},
		{"NeverWins", `<prefs xmlns='urn:xmpp:mam:2' default='always'><always><jid>a@b</jid></always><never><jid>a@b</jid></never></prefs>`, true, "a@b", false, false},
		{"FullJIDOnlyItself", `<prefs xmlns='urn:xmpp:mam:2' default='always'><never><jid>a@b/r</jid></never></prefs>`, true, "a@b/s", false, true},
		{"BadDefault", `<prefs xmlns='urn:xmpp:mam:2' default='often'/>`, false, "", false, false},
		{"NoDefault", `<prefs xmlns='urn:xmpp:mam:2'/>`, false, "", false, false},
		{"BadJID", `<prefs xmlns='urn:xmpp:mam:2' default='always'><never><jid>@</jid></never></prefs>`, false, "", false, false},
		{"TwoAlways", `<prefs xmlns='urn:xmpp:mam:2' default='always'><always/><always/></prefs>`, false, "", false, false},
		{"WrongNS", `<prefs xmlns='urn:xmpp:mam:1' default='always'/>`, false, "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := mam.ParsePrefs(xmpptest.Element(t, tc.in))
			if (err == nil) != tc.ok {
				t.Fatalf("ParsePrefs: %v", err)
			}
			if err != nil {
				return
			}
			if got := p.Archives(jid.MustParse(tc.with), tc.inRoster, mam.ArchiveNever); got != tc.archives {
				t.Errorf("Archives = %v", got)
			}
			back, err := mam.ParsePrefs(xmpptest.Element(t, xmpptest.Marshal(t, p)))
			if err != nil || back.Default != p.Default || len(back.Always) != len(p.Always) || len(back.Never) != len(p.Never) {
				t.Errorf("round trip: %+v, %v", back, err)
			}
		})
	}
}
