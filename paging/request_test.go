package paging_test

import (
	"testing"

	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/xmpptest"
)

// set wraps the children of a <set/> in one.
func set(inner string) string {
	return `<set xmlns='http://jabber.org/protocol/rsm'>` + inner + `</set>`
}

func TestRequestWire(t *testing.T) {
	bad := paging.ErrMalformed
	xmpptest.RunWire(t, paging.ParseRequest, []xmpptest.WireCase[paging.Request]{
		{Name: "empty", XML: set(``), Value: paging.Request{}},
		{Name: "max", XML: set(`<max>10</max>`), Value: paging.Request{Max: 10}},
		{Name: "count only", XML: set(`<max>0</max>`), Value: paging.Request{CountOnly: true}},
		{Name: "after", XML: set(`<max>10</max><after>peterpan@neverland.lit</after>`),
			Value: paging.Request{Max: 10, After: "peterpan@neverland.lit"}},
		{Name: "before", XML: set(`<max>10</max><before>peter@pixyland.org</before>`),
			Value: paging.Request{Max: 10, Before: "peter@pixyland.org"}},
		{Name: "last page", XML: set(`<max>10</max><before/>`), Value: paging.Request{Max: 10, LastPage: true}},
		{Name: "index", XML: set(`<max>10</max><index>371</index>`), Value: paging.Request{Max: 10, Index: 371}},
		{Name: "prefixed and spaced", ParseOnly: true,
			XML:   `<r:set xmlns:r='http://jabber.org/protocol/rsm'><r:max> 7 </r:max><x xmlns='urn:other'>?</x></r:set>`,
			Value: paging.Request{Max: 7}},
		{Name: "result elements ignored", ParseOnly: true,
			XML: set(`<first index='0'>a</first><last>b</last><count>2</count>`), Value: paging.Request{}},
		{Name: "index zero", ParseOnly: true, XML: set(`<index>0</index>`), Value: paging.Request{}},

		{Name: "not a set", XML: `<set xmlns='urn:other'/>`, WantErr: bad},
		{Name: "negative max", XML: set(`<max>-1</max>`), WantErr: bad},
		{Name: "non-numeric max", XML: set(`<max>ten</max>`), WantErr: bad},
		{Name: "empty max", XML: set(`<max/>`), WantErr: bad},
		{Name: "huge max", XML: set(`<max>2147483648</max>`), WantErr: bad},
		{Name: "huge index", XML: set(`<index>99999999999999999999</index>`), WantErr: bad},
		{Name: "negative index", XML: set(`<index>-3</index>`), WantErr: bad},
		{Name: "two max", XML: set(`<max>1</max><max>2</max>`), WantErr: bad},
		{Name: "empty after", XML: set(`<after/>`), WantErr: bad},
		{Name: "after and before", XML: set(`<after>a</after><before>b</before>`), WantErr: bad},
		{Name: "after and last page", XML: set(`<after>a</after><before/>`), WantErr: bad},
		{Name: "index and after", XML: set(`<index>3</index><after>a</after>`), WantErr: bad},

		{Name: "write negative max", Value: paging.Request{Max: -1}, WantErr: bad},
		{Name: "write huge index", Value: paging.Request{Index: 1 << 40}, WantErr: bad},
		{Name: "write before and last page", Value: paging.Request{Before: "a", LastPage: true}, WantErr: bad},
		{Name: "write index and before", Value: paging.Request{Index: 2, Before: "a"}, WantErr: bad},
	})
}

func TestRequestIsZero(t *testing.T) {
	for _, tc := range []struct {
		r    paging.Request
		want bool
	}{
		{paging.Request{}, true},
		{paging.Request{Max: 1}, false},
		{paging.Request{CountOnly: true}, false},
		{paging.Request{LastPage: true}, false},
	} {
		if got := tc.r.IsZero(); got != tc.want {
			t.Errorf("%+v.IsZero() = %v", tc.r, got)
		}
	}
}
