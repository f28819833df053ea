package oob_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/oob"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmpptest"
)

func TestData(t *testing.T) {
	xmpptest.RunWire(t, oob.Parse, []xmpptest.WireCase[oob.Data]{
		// XEP-0066 §4.
		{Name: "spec", XML: `<x xmlns='jabber:x:oob'><url>http://www.jabber.org/images/psa-license.jpg</url><desc>A license to Jabber!</desc></x>`,
			Value: oob.Data{URL: "http://www.jabber.org/images/psa-license.jpg", Desc: "A license to Jabber!"}},
		{Name: "no desc", XML: `<x xmlns='jabber:x:oob'><url>https://a.example/f%20g.png?x=1#y</url></x>`, Value: oob.Data{URL: "https://a.example/f%20g.png?x=1#y"}},
		{Name: "opaque", XML: `<x xmlns='jabber:x:oob'><url>mailto:juliet@capulet.lit</url></x>`, Value: oob.Data{URL: "mailto:juliet@capulet.lit"}},
		{Name: "sip", XML: `<x xmlns='jabber:x:oob'><url>sip:romeo@montague.lit</url><desc>a &lt;call&gt;</desc></x>`, Value: oob.Data{URL: "sip:romeo@montague.lit", Desc: "a <call>"}},
		{Name: "pretty", XML: "<x xmlns='jabber:x:oob'>\n <url>\n  ftp://a.example/f\n </url>\n</x>", Value: oob.Data{URL: "ftp://a.example/f"}, ParseOnly: true},
		{Name: "no url", XML: `<x xmlns='jabber:x:oob'><desc>d</desc></x>`, WantErr: oob.ErrNoURL},
		{Name: "relative", XML: `<x xmlns='jabber:x:oob'><url>/images/a.jpg</url></x>`, WantErr: oob.ErrInvalidURL},
		{Name: "scheme only", XML: `<x xmlns='jabber:x:oob'><url>http:</url></x>`, WantErr: oob.ErrInvalidURL},
		{Name: "empty", XML: `<x xmlns='jabber:x:oob'><url/></x>`, WantErr: oob.ErrInvalidURL},
		{Name: "space", XML: `<x xmlns='jabber:x:oob'><url>http://a.example/a b</url></x>`, WantErr: oob.ErrInvalidURL},
		{Name: "control", XML: "<x xmlns='jabber:x:oob'><url>http://a.example/&#x9;x</url></x>", WantErr: oob.ErrInvalidURL},
		{Name: "non-ascii", XML: `<x xmlns='jabber:x:oob'><url>http://a.example/é</url></x>`, WantErr: oob.ErrInvalidURL},
		{Name: "bad escape", XML: `<x xmlns='jabber:x:oob'><url>http://a.example/%zz</url></x>`, WantErr: oob.ErrInvalidURL},
		{Name: "wrong ns", XML: `<x xmlns='jabber:iq:oob'><url>http://a.example/</url></x>`, WantErr: xmpptest.ErrAny},
		{Name: "write relative", Value: oob.Data{URL: "a.jpg"}, WantErr: oob.ErrInvalidURL},
		{Name: "write javascript-ish", Value: oob.Data{URL: "javascript:alert(1) "}, WantErr: oob.ErrInvalidURL},
	})
}

func TestQuery(t *testing.T) {
	xmpptest.RunWire(t, oob.ParseQuery, []xmpptest.WireCase[oob.Query]{
		// XEP-0066 §3 and §6.
		{Name: "spec", XML: `<query xmlns='jabber:iq:oob'><url>http://www.jabber.org/images/psa-license.jpg</url><desc>A license to Jabber!</desc></query>`,
			Value: oob.Query{URL: "http://www.jabber.org/images/psa-license.jpg", Desc: "A license to Jabber!"}},
		{Name: "sid", XML: `<query xmlns='jabber:iq:oob' sid='a0'><url>http://a.example/test.txt</url></query>`, Value: oob.Query{URL: "http://a.example/test.txt", SID: "a0"}},
		{Name: "x ns url", XML: `<query xmlns='jabber:iq:oob'><url xmlns='jabber:x:oob'>http://a.example/</url></query>`, WantErr: oob.ErrNoURL},
		{Name: "not query", XML: `<x xmlns='jabber:x:oob'><url>http://a.example/</url></x>`, WantErr: xmpptest.ErrAny},
		{Name: "write relative", Value: oob.Query{URL: "//a.example/x"}, WantErr: oob.ErrInvalidURL},
	})
}

func TestFind(t *testing.T) {
	msg := xmpptest.Element(t, `<message xmlns='jabber:client'><body>b</body>`+
		`<x xmlns='jabber:x:oob'><url>https://a.example/1</url></x>`+
		`<x xmlns='jabber:x:oob'><url>not a url</url></x>`+
		`<x xmlns='jabber:x:oob'><url>https://a.example/2</url><desc>two</desc></x></message>`)
	got := oob.Find(msg)
	if len(got) != 2 || got[0] != (oob.Data{URL: "https://a.example/1"}) || got[1] != (oob.Data{URL: "https://a.example/2", Desc: "two"}) {
		t.Errorf("Find = %+v", got)
	}
}

// TestSend runs the §3 exchange over a real pair: a fetched file is a
// result, a failed fetch item-not-found, a refusal not-acceptable, a bad
// request bad-request.
func TestSend(t *testing.T) {
	var from jid.JID
	fetch := oob.Handler{Fetch: func(_ context.Context, f jid.JID, q oob.Query) error {
		from = f
		switch q.Desc {
		case "refuse":
			return stanza.NewError(stanza.NotAcceptable)
		case "fail":
			return errors.New("404")
		}
		return nil
	}}
	client, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(fetch.Handle())))
	bare, _ := xmpptest.Pair(t, xmpptest.Handlers(nil, mux.New(oob.Handler{}.Handle())))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	u := "https://a.example/f.txt"
	for _, tc := range []struct {
		name string
		q    oob.Query
		bare bool
		want error
	}{
		{"fetched", oob.Query{URL: u}, false, nil},
		{"failed", oob.Query{URL: u, Desc: "fail"}, false, stanza.NewError(stanza.ItemNotFound)},
		{"refused", oob.Query{URL: u, Desc: "refuse"}, false, stanza.NewError(stanza.NotAcceptable)},
		{"no Fetch", oob.Query{URL: u}, true, stanza.NewError(stanza.NotAcceptable)},
		{"relative", oob.Query{URL: "f.txt"}, false, oob.ErrInvalidURL},
	} {
		s := client
		if tc.bare {
			s = bare
		}
		err := oob.Send(ctx, s, s.RemoteAddr(), tc.q)
		if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if from.IsZero() {
		t.Error("Fetch got no requester")
	}
}
