package mam_test

import (
	"context"
	"fmt"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// A client reads its conversation with Romeo from its account's archive;
// the test server plays the archive, with one archived message.
func ExampleHandler_Query() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	archive := mux.New(mux.Set(mam.QueryName, mux.IQResponderFunc(
		func(ctx context.Context, s *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
			qel, _ := st.Element.Child(mam.NS, "query")
			q, err := mam.ParseQuery(qel)
			if err != nil {
				return nil, stanza.NewError(stanza.BadRequest)
			}
			msg, _ := xmpptest.ReadElement("", `<message xmlns='jabber:client' to='`+s.RemoteAddr().String()+`'>`+
				`<result xmlns='urn:xmpp:mam:2' queryid='`+q.ID+`' id='28482-98726-73623'>`+
				`<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2010-07-10T23:08:25Z'/>`+
				`<message xmlns='jabber:client' from='`+q.Filter.With.String()+`/orchard' type='chat'><body>Hail to thee</body></message>`+
				`</forwarded></result></message>`)
			if err := s.Send(ctx, msg); err != nil {
				return nil, err
			}
			return mam.Fin{Complete: true, Set: paging.Result{First: "28482-98726-73623", Last: "28482-98726-73623"}}, nil
		})))
	h := &mam.Handler{}
	client, srv, err := xmpptest.NewClientServer(ctx, xmpptest.Options{
		Client: xmpp.Config{Handler: mux.New(h.Handle())},
		Server: xmpp.Config{Handler: archive},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close(ctx)
	defer client.Close(ctx)

	with := mam.Filter{With: jid.MustParse("romeo@montague.lit")}
	for r, err := range h.Query(ctx, client, jid.JID{}, with, paging.Request{Max: 20}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := r.Forwarded.Stanza.Child(stanza.NSClient, "body")
		fmt.Println(r.Time.Format(time.DateTime), r.ID, body.Text())
	}
	// Output:
	// 2010-07-10 23:08:25 28482-98726-73623 Hail to thee
}

// The query a client sends for the last page of two messages from a room
// since a date.
func ExampleQuery() {
	q := mam.Query{
		ID:     "q1",
		Filter: mam.Filter{Start: time.Date(2010, 8, 7, 0, 0, 0, 0, time.UTC)},
		Set:    paging.Request{Max: 2, LastPage: true},
	}
	s, _ := xmpptest.MarshalString("", q)
	fmt.Println(s)
	// Output:
	// <query xmlns="urn:xmpp:mam:2" queryid="q1"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE" type="hidden"><value>urn:xmpp:mam:2</value></field><field var="start"><value>2010-08-07T00:00:00Z</value></field></x><set xmlns="http://jabber.org/protocol/rsm"><max>2</max><before/></set></query>
}
