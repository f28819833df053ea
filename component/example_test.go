package component_test

import (
	"fmt"

	"github.com/canto-im/xmpp/component"
)

func ExampleHandshake() {
	// The server sent id='3BF96D32'; the shared secret is "test".
	fmt.Println(component.Handshake("3BF96D32", "test"))
	// Output: aaee83c26aeeafcbabeabfcbcd50df997e0a2a1e
}
