package paging_test

import (
	"testing"

	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/xmpptest"
)

// FuzzParse reads any <set/> as a request and as a result: each is refused
// or writes and reads back unchanged, and a request selects a page inside
// any list, no larger than it asked for, or fails with ErrNotFound.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<max>2</max><after>1</after>`, `<max>2</max><before/>`, `<max>0</max>`,
		`<index>99999999999999999999</index>`, `<max>-1</max>`, `<max> +3 </max>`,
		`<before>3</before><after>1</after><index>2</index>`,
		`<first index='0'>a</first><last>b</last><count>9</count>`,
		`<count>-3</count><first index='x'/>`, `<first>a</first>`, `<count>1</count><count>2</count>`,
	} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, inner string, n int) {
		if n < 0 || n > 1<<20 {
			return
		}
		el, err := xmpptest.ReadElement("", set(inner))
		if err != nil {
			return
		}
		if req, err := paging.ParseRequest(el); err == nil {
			out, err := xmpptest.MarshalString("", req)
			if err != nil {
				t.Fatalf("%q parsed to %+v, which does not write: %v", inner, req, err)
			}
			if back, err := paging.ParseRequest(xmpptest.Element(t, out)); err != nil || back != req {
				t.Fatalf("%+v round-trips through %s to %+v, %v", req, out, back, err)
			}
			lo, hi, res, err := req.Window(paging.Positions(n))
			if err == nil && (lo < 0 || lo > hi || hi > n || req.Max > 0 && hi-lo > req.Max ||
				req.CountOnly && hi != lo || res.Count != n || (lo < hi) != (res.First != "")) {
				t.Fatalf("%+v of %d: page [%d, %d) %+v", req, n, lo, hi, res)
			}
		}
		if res, err := paging.ParseResult(el); err == nil {
			out, err := xmpptest.MarshalString("", res)
			if err != nil {
				t.Fatalf("%q parsed to %+v, which does not write: %v", inner, res, err)
			}
			if back, err := paging.ParseResult(xmpptest.Element(t, out)); err != nil || back != res {
				t.Fatalf("%+v round-trips through %s to %+v, %v", res, out, back, err)
			}
		}
	})
}
