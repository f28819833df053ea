package paging_test

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestResultWire(t *testing.T) {
	bad := paging.ErrMalformed
	xmpptest.RunWire(t, paging.ParseResult, []xmpptest.WireCase[paging.Result]{
		{Name: "page", XML: set(`<first index='0'>stpeter@jabber.org</first><last>peterpan@neverland.lit</last><count>800</count>`),
			Value: paging.Result{First: "stpeter@jabber.org", Last: "peterpan@neverland.lit", Index: 0, HasIndex: true, Count: 800, HasCount: true}},
		{Name: "no index, no count", XML: set(`<first>a</first><last>a</last>`),
			Value: paging.Result{First: "a", Last: "a"}},
		{Name: "empty page", XML: set(`<count>790</count>`), Value: paging.Result{Count: 790, HasCount: true}},
		{Name: "empty list", XML: set(`<count>0</count>`), Value: paging.Result{HasCount: true}},
		{Name: "nothing", XML: set(``), Value: paging.Result{}},
		{Name: "request elements ignored", ParseOnly: true, XML: set(`<max>3</max><count>1</count>`),
			Value: paging.Result{Count: 1, HasCount: true}},

		{Name: "first without last", XML: set(`<first>a</first>`), WantErr: bad},
		{Name: "last without first", XML: set(`<last>a</last>`), WantErr: bad},
		{Name: "empty first", XML: set(`<first/><last>a</last>`), WantErr: bad},
		{Name: "non-numeric count", XML: set(`<count>many</count>`), WantErr: bad},
		{Name: "negative count", XML: set(`<count>-3</count>`), WantErr: bad},
		{Name: "non-numeric index", XML: set(`<first index='x'>a</first><last>a</last>`), WantErr: bad},
		{Name: "huge index", XML: set(`<first index='4294967296'>a</first><last>a</last>`), WantErr: bad},
		{Name: "two counts", XML: set(`<count>1</count><count>1</count>`), WantErr: bad},
		{Name: "wrong namespace", XML: `<set xmlns='jabber:client'/>`, WantErr: bad},

		{Name: "write index without first", Value: paging.Result{HasIndex: true}, WantErr: bad},
		{Name: "write first without last", Value: paging.Result{First: "a"}, WantErr: bad},
		{Name: "write negative count", Value: paging.Result{Count: -1, HasCount: true}, WantErr: bad},
	})
}

func TestStanzaError(t *testing.T) {
	other := errors.New("other")
	for _, tc := range []struct {
		in   error
		want error
	}{
		{paging.ErrMalformed, stanza.NewError(stanza.BadRequest)},
		{paging.ErrNotFound, stanza.NewError(stanza.ItemNotFound)},
		{other, other},
	} {
		got := paging.StanzaError(tc.in)
		if !errors.Is(got, tc.want) {
			t.Errorf("StanzaError(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	_, err := paging.ParseRequest(xmpptest.Element(t, set(`<max>x</max>`)))
	var serr stanza.Error
	if !errors.As(paging.StanzaError(err), &serr) || serr.Condition != stanza.BadRequest || serr.Type != stanza.Modify || serr.Text == "" {
		t.Errorf("StanzaError(%v) = %#v", err, serr)
	}
}
