package sm_test

import (
	"fmt"
	"time"

	"github.com/canto-im/xmpp/sm"
)

// A Resumer drives resumption for a reconnecting client (package client
// uses one by default). Before any session it only enables stream
// management; after a session it also resumes that session's stream.
func ExampleNewResumer() {
	r := sm.NewResumer(sm.Config{Max: 10 * time.Minute})
	for _, f := range r.Features() {
		fmt.Println(f.Name().Space, f.Name().Local)
	}
	fmt.Println("lost:", len(r.Lost()))
	// Output:
	// urn:xmpp:sm:3 sm
	// lost: 0
}
