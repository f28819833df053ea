package hashes_test

import (
	"fmt"

	"github.com/canto-im/xmpp/hashes"
	"github.com/canto-im/xmpp/xmpptest"
)

// A sender computes a hash and writes it as a <hash/>; the receiver parses
// it and checks the data it got.
func Example() {
	file := []byte("abc")
	h, err := hashes.Sum(hashes.SHA256, file)
	if err != nil {
		panic(err)
	}
	wire, err := xmpptest.MarshalString("", h)
	if err != nil {
		panic(err)
	}
	fmt.Println(wire)

	el, err := xmpptest.ReadElement("", wire)
	if err != nil {
		panic(err)
	}
	got, err := hashes.ParseHash(el)
	if err != nil {
		panic(err)
	}
	fmt.Println(got.Verify(file))
	fmt.Println(got.Verify([]byte("abd")))
	// Output:
	// <hash xmlns="urn:xmpp:hashes:2" algo="sha-256">ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=</hash>
	// <nil>
	// hashes: hash does not match the data
}

// Verify checks every hash it can compute; an algorithm it does not know
// is passed over.
func ExampleVerify() {
	data := []byte("abc")
	strong, _ := hashes.Sum(hashes.SHA3_256, data)
	unknown := hashes.Hash{Algo: "md5", Value: make([]byte, 16)}
	n, err := hashes.Verify(data, []hashes.Hash{unknown, strong})
	fmt.Println(n, err)
	// Output: 1 <nil>
}
