package avatar_test

import (
	"fmt"

	"github.com/canto-im/xmpp/avatar"
	"github.com/canto-im/xmpp/vcard"
	"github.com/canto-im/xmpp/xmpptest"
)

// The ID of an image is the SHA-1 of its bytes; presence advertises the
// vCard photo's ID (XEP-0153).
func ExampleUpdateFor() {
	card := vcard.Card{Photo: &vcard.Photo{Type: "image/png", Data: []byte("hello")}}
	fmt.Println(avatar.ID(card.Photo.Data))
	out, _ := xmpptest.MarshalString("", avatar.UpdateFor(card))
	fmt.Println(out)
	// Output:
	// aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d
	// <x xmlns="vcard-temp:x:update"><photo>aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d</photo></x>
}
