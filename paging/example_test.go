package paging_test

import (
	"fmt"

	"github.com/canto-im/xmpp/paging"
	"github.com/canto-im/xmpp/xmpptest"
)

// A requester walks a result set with Items; here the "responder" is a
// function answering from a list of rooms with Window, as a real one
// would before writing the page and its Result into the answer.
func ExampleItems() {
	rooms := []string{"balcony", "chapel", "crypt", "garden", "hall", "orchard", "square"}
	fetch := func(req paging.Request) ([]string, paging.Result, error) {
		fmt.Printf("asking for %+v\n", req)
		lo, hi, res, err := req.Window(paging.Positions(len(rooms)))
		if err != nil {
			return nil, paging.Result{}, err
		}
		return rooms[lo:hi], res, nil
	}
	for room, err := range paging.Items(paging.Request{Max: 3}, fetch) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(" ", room)
		if room == "hall" {
			break // the next page is never asked for
		}
	}
	// Output:
	// asking for {Max:3 CountOnly:false After: Before: LastPage:false Index:0}
	//   balcony
	//   chapel
	//   crypt
	// asking for {Max:3 CountOnly:false After:2 Before: LastPage:false Index:0}
	//   garden
	//   hall
}

// A responder reads the <set/> of a query and answers with the page it
// selects.
func ExampleRequest_Window() {
	set, err := xmpptest.ReadElement("", // in a real responder: a child of the query
		`<set xmlns='http://jabber.org/protocol/rsm'><max>2</max><before/></set>`)
	if err != nil {
		fmt.Println(err)
		return
	}
	req, err := paging.ParseRequest(set)
	if err != nil {
		fmt.Println(paging.StanzaError(err)) // what to answer with
		return
	}
	items := []string{"a", "b", "c", "d", "e"}
	lo, hi, res, err := req.Window(paging.Positions(len(items)))
	if err != nil {
		fmt.Println(paging.StanzaError(err))
		return
	}
	fmt.Println(items[lo:hi])
	fmt.Println(xmpptest.MarshalString("", res))
	// Output:
	// [d e]
	// <set xmlns="http://jabber.org/protocol/rsm"><first index="3">3</first><last>4</last><count>5</count></set> <nil>
}

// Requests refuse what XEP-0059 does not define.
func ExampleParseRequest() {
	for _, s := range []string{
		`<set xmlns='http://jabber.org/protocol/rsm'><max>10</max><after>peterpan@neverland.lit</after></set>`,
		`<set xmlns='http://jabber.org/protocol/rsm'><max>-1</max></set>`,
		`<set xmlns='http://jabber.org/protocol/rsm'><after>a</after><before>b</before></set>`,
	} {
		set, err := xmpptest.ReadElement("", s)
		if err != nil {
			fmt.Println(err)
			return
		}
		req, err := paging.ParseRequest(set)
		fmt.Printf("%+v %v\n", req, err)
	}
	// Output:
	// {Max:10 CountOnly:false After:peterpan@neverland.lit Before: LastPage:false Index:0} <nil>
	// {Max:0 CountOnly:false After: Before: LastPage:false Index:0} paging: malformed result set: <max/> is negative
	// {Max:0 CountOnly:false After: Before: LastPage:false Index:0} paging: malformed result set: both <after/> and <before/>
}
