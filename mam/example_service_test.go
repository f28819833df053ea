package mam_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mam"
	"github.com/canto-im/xmpp/xmlstream"
)

// A server archives each message it delivers with Record and answers its
// users' queries with Serve, which sends the results before returning the
// <fin/> for the IQ result.
func ExampleService() {
	// No retention: the example's messages are dated.
	sv := mam.NewService(mam.NewMemoryArchive(mam.MemoryLimits{}), mam.ServiceOptions{})
	juliet, romeo := jid.MustParse("juliet@example.com"), jid.MustParse("romeo@example.net/orchard")
	when := time.Date(2026, 5, 1, 21, 0, 0, 0, time.UTC)
	for i, body := range []string{"Art thou not Romeo?", "Neither, fair maid."} {
		raw := []byte("<message xmlns='jabber:client' type='chat'><body>" + body + "</body></message>")
		if _, err := sv.Record(juliet, romeo, true, fmt.Sprint("id", i), when.Add(time.Duration(i)*time.Minute), raw); err != nil {
			fmt.Println(err)
			return
		}
	}
	query := new(xmlstream.Element)
	in := `<query xmlns='urn:xmpp:mam:2' queryid='q1'><set xmlns='http://jabber.org/protocol/rsm'><max>10</max></set></query>`
	if err := xmlstream.NewDecoder(strings.NewReader(in), xmlstream.Limits{}).ReadElement(query); err != nil {
		fmt.Println(err)
		return
	}
	fin, err := sv.Serve(juliet, true, query, func(r mam.Result) error {
		body, _ := r.Forwarded.Stanza.Child("jabber:client", "body")
		fmt.Println(r.QueryID, r.ID, r.Forwarded.Delay.Stamp.Format(time.TimeOnly), body.Text())
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	f := fin.(mam.Fin)
	fmt.Println("complete:", f.Complete, "count:", f.Set.Count)
	// Output:
	// q1 id0 21:00:00 Art thou not Romeo?
	// q1 id1 21:01:00 Neither, fair maid.
	// complete: true count: 2
}
