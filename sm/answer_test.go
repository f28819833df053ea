package sm_test

import (
	"strconv"
	"testing"

	"github.com/canto-im/xmpp/sm"
)

// The server answers <r/> once it has handled what it read with it, with
// h as it is then: the requests of one read get one <a/>, counting the
// stanzas after them in that read too (XEP-0198 §4: h is what was handled
// when the answer is sent), and white space after a request does not hold
// the answer back.
func TestRequestsOfOneReadGetOneAnswer(t *testing.T) {
	const r = `<r xmlns='urn:xmpp:sm:3'/>`
	const m = `<message xmlns='jabber:client' to='example.net' type='chat'/>`
	for _, tc := range []struct {
		name   string
		writes []string
		want   []uint32
	}{
		{"one", []string{m + r}, []uint32{1}},
		{"two in one read", []string{m + r + m + r, m + r}, []uint32{2, 3}},
		{"stanzas after the request", []string{r + m + m, r}, []uint32{2, 2}},
		{"white space after", []string{m + r + "\n", m + m + r + "\n\n"}, []uint32{1, 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := scripted(t, sm.NewServer(sm.ServerConfig{}), true, true)
			for i, w := range tc.writes {
				must(t, p.Write(w))
				el, err := p.Expect(sm.NS, "a")
				must(t, err)
				if h := el.Attr("h"); h != strconv.FormatUint(uint64(tc.want[i]), 10) {
					t.Fatalf("write %d: <a h='%s'/>, want %d", i, h, tc.want[i])
				}
			}
		})
	}
}
