package mam_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestFields asks archives for their query form: one that sends it, one
// that sends an empty <query/>.
func TestFields(t *testing.T) {
	for _, tc := range []struct {
		name    string
		answer  string
		want    []string
		wantErr error
	}{
		{"form", `<query xmlns='urn:xmpp:mam:2'><x xmlns='jabber:x:data' type='form'>` +
			`<field type='hidden' var='FORM_TYPE'><value>urn:xmpp:mam:2</value></field>` +
			`<field type='jid-single' var='with'/><field type='text-single' var='start'/><field type='text-single' var='end'/></x></query>`,
			[]string{"FORM_TYPE", "with", "start", "end"}, nil},
		{"no form", `<query xmlns='urn:xmpp:mam:2'/>`, nil, mam.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mux.New(mux.Get(mam.QueryName, mux.IQResponderFunc(func(context.Context, *xmpp.Session, *xmpp.Stanza) (xmlstream.Marshaler, error) {
				return xmpptest.Element(t, tc.answer), nil
			})))
			client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, srv))
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			f, err := mam.Fields(ctx, client, jid.JID{})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			var vars []string
			for _, fl := range f.Fields {
				vars = append(vars, fl.Var)
			}
			if len(vars) != len(tc.want) || f.FormType() != "" && f.FormType() != mam.NS {
				t.Errorf("fields %v, want %v", vars, tc.want)
			}
			for i := range vars {
				if vars[i] != tc.want[i] {
					t.Errorf("fields %v, want %v", vars, tc.want)
				}
			}
			if tc.wantErr == nil && f.Type != form.TypeForm {
				t.Errorf("form type %q, want form", f.Type)
			}
		})
	}
}
