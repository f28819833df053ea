package jid_test

import (
	"errors"
	"fmt"

	"github.com/canto-im/xmpp/jid"
)

func ExampleParse() {
	j, err := jid.Parse("Juliet@Example.COM/Balcony")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(j)
	fmt.Println(j.Localpart(), j.Domainpart(), j.Resourcepart())
	fmt.Println(j.Bare(), j.Domain())
	// Output:
	// juliet@example.com/Balcony
	// juliet example.com Balcony
	// juliet@example.com example.com
}

func ExampleParse_invalid() {
	_, err := jid.Parse("juliet@example.com/")
	fmt.Println(err)
	fmt.Println(errors.Is(err, jid.ErrResourcepart), errors.Is(err, jid.ErrEmpty))
	// Output:
	// jid: invalid resourcepart: empty part
	// true true
}

func ExampleNew() {
	j, err := jid.New("Jürgen", "XN--BCHER-KVA.example", "Küche")
	fmt.Println(j, err)
	// Output:
	// jürgen@bücher.example/Küche <nil>
}

func ExampleJID_Equal() {
	a := jid.MustParse("JULIET@example.com./phone")
	b := jid.MustParse("juliet@example.com/phone")
	fmt.Println(a.Equal(b), a == b)
	seen := map[jid.JID]bool{a.Bare(): true}
	fmt.Println(seen[b.Bare()])
	// Output:
	// true true
	// true
}

func ExampleEscape() {
	local := jid.Escape("d'artagnan")
	j := jid.MustParse(local + "@musketeers.lit")
	fmt.Println(j)
	fmt.Println(jid.Unescape(j.Localpart()))
	// Output:
	// d\27artagnan@musketeers.lit
	// d'artagnan
}
