package disco

import (
	"strings"
	"testing"

	"github.com/canto-im/xmpp/xmlstream"
)

func TestRSMPage(t *testing.T) {
	for _, tc := range []struct {
		req    rsmRequest
		n      int
		lo, hi int
		err    bool
	}{
		{rsmRequest{max: -1, index: -1}, 5, 0, 5, false},
		{rsmRequest{max: 10, index: -1}, 5, 0, 5, false},
		{rsmRequest{max: 2, index: -1, after: "4", hasAfter: true}, 5, 5, 5, false},
		{rsmRequest{max: 2, index: -1, before: "0", hasBefore: true}, 5, 0, 0, false},
		{rsmRequest{max: 2, index: -1, hasBefore: true}, 1, 0, 1, false},
		{rsmRequest{max: 2, index: 9}, 5, 5, 5, false},
		{rsmRequest{max: -1, index: -1, hasBefore: true}, 0, 0, 0, false},
		{rsmRequest{max: 2, index: -1, after: "0", hasAfter: true}, 0, 0, 0, true},
		{rsmRequest{max: 2, index: -1, after: "+1", hasAfter: true}, 5, 0, 0, true},
	} {
		lo, hi, err := tc.req.page(tc.n)
		if lo != tc.lo || hi != tc.hi || (err != nil) != tc.err {
			t.Errorf("%+v of %d: [%d, %d) %v; want [%d, %d) err=%v", tc.req, tc.n, lo, hi, err, tc.lo, tc.hi, tc.err)
		}
	}
}

// FuzzRSMRequest checks that any request's <set/> selects a page inside
// the list, or is refused.
func FuzzRSMRequest(f *testing.F) {
	for _, s := range []string{
		`<max>2</max><after>1</after>`, `<max>2</max><before/>`, `<max>0</max>`, `<index>99999999999999999999</index>`,
		`<max>-1</max>`, `<before>3</before><after>1</after><index>2</index>`,
	} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, inner string, n int) {
		if n < 0 || n > 1<<20 {
			return
		}
		d := xmlstream.NewDecoder(strings.NewReader(`<set xmlns='http://jabber.org/protocol/rsm'>`+inner+`</set>`), xmlstream.Limits{})
		var el xmlstream.Element
		if d.ReadElement(&el) != nil {
			return
		}
		req, err := parseRSMRequest(&el)
		if err != nil {
			return
		}
		lo, hi, err := req.page(n)
		if err != nil {
			return
		}
		if lo < 0 || lo > hi || hi > n || req.max >= 0 && hi-lo > req.max {
			t.Fatalf("%q of %d: page [%d, %d)", inner, n, lo, hi)
		}
	})
}
