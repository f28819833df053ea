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

// A Resumer's inline forms, for a client that logs in with SASL2 and
// Bind 2: the enabling goes in Bind 2; the resumption, once there is a
// stream to resume, in SASL2.
func ExampleResumer_Inline() {
	r := sm.NewResumer(sm.Config{})
	_ = r.Features() // the attempt the inline forms belong to
	resume, enable := r.Inline()
	fmt.Println("resume:", resume != nil)
	fmt.Println("enable in Bind 2:", enable.Var())
	// Output:
	// resume: false
	// enable in Bind 2: urn:xmpp:sm:3
}
