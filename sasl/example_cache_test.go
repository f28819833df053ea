package sasl_test

import (
	"context"
	"fmt"

	"github.com/canto-im/xmpp/sasl"
)

// A client that logs in again and again shares one SCRAMCache among its
// exchanges: after the first login the PBKDF2 derivation is skipped.
func ExampleSCRAMCache() {
	cache := sasl.NewSCRAMCache(0)
	serverCfg := sasl.ServerConfig{ScramCredentials: lookup, Mechanisms: []string{sasl.ScramSHA256}}
	offer := serverCfg.Advertise(sasl.Negotiation{})
	login := func() error {
		client, err := sasl.NewClient(sasl.ClientConfig{Username: "juliet", Password: "r0m3o", Cache: cache}, offer)
		if err != nil {
			return err
		}
		server, err := sasl.NewServer(client.Name(), serverCfg, offer)
		if err != nil {
			return err
		}
		msg, err := client.Start()
		for err == nil {
			var challenge []byte
			var done bool
			if challenge, done, err = server.Step(msg); err != nil || done {
				if err == nil {
					err = sasl.Finish(client, challenge)
				}
				return err
			}
			msg, err = sasl.StepContext(context.Background(), client, challenge)
		}
		return err
	}
	for range 3 {
		err := login()
		fmt.Println("login:", err, "- keys kept:", cache.Len())
	}
	// Output:
	// login: <nil> - keys kept: 1
	// login: <nil> - keys kept: 1
	// login: <nil> - keys kept: 1
}
