package sasl_test

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/canto-im/xmpp/sasl"
)

// accounts is a server's user database: only SCRAM keys, no passwords.
var accounts = map[string]sasl.ScramCredentials{}

func init() {
	creds, err := sasl.NewScramCredentials(crypto.SHA256, "r0m3o", nil, 4096)
	if err != nil {
		panic(err)
	}
	accounts["juliet"] = creds
}

func lookup(username string, h crypto.Hash) (sasl.ScramCredentials, error) {
	creds, ok := accounts[username]
	if !ok || h != crypto.SHA256 {
		return sasl.ScramCredentials{}, sasl.ErrUnknownUser
	}
	return creds, nil
}

// A client and a server authenticating in memory. A session layer carries
// the same bytes base64-encoded in <auth/>, <challenge/>, <response/> and
// <success/>.
func Example() {
	serverCfg := sasl.ServerConfig{
		ScramCredentials: lookup,
		Mechanisms:       []string{sasl.ScramSHA256Plus, sasl.ScramSHA256},
	}
	// No TLS here, so no -PLUS mechanism and no PLAIN.
	offer := serverCfg.Advertise(sasl.Negotiation{})
	fmt.Println("offered:", offer.Mechanisms)

	client, err := sasl.NewClient(
		sasl.ClientConfig{Username: "juliet", Password: "r0m3o"},
		sasl.Negotiation{Mechanisms: offer.Mechanisms, ChannelBindings: offer.ChannelBindings},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	server, err := sasl.NewServer(client.Name(), serverCfg, offer)
	if err != nil {
		fmt.Println(err)
		return
	}

	msg, err := client.Start()
	for err == nil {
		var challenge []byte
		var done bool
		if challenge, done, err = server.Step(msg); err != nil || done {
			if err == nil {
				err = sasl.Finish(client, challenge) // checks the server's signature
			}
			break
		}
		msg, err = client.Step(challenge)
	}
	if err != nil {
		fmt.Println("failed:", err)
		return
	}
	fmt.Println("mechanism:", client.Name())
	fmt.Println("authenticated:", server.Identity().Username)
	// Output:
	// offered: [SCRAM-SHA-256]
	// mechanism: SCRAM-SHA-256
	// authenticated: juliet
}

// A server's failure carries the RFC 6120 condition to send.
func ExampleConditionOf() {
	serverCfg := sasl.ServerConfig{ScramCredentials: lookup}
	offer := serverCfg.Advertise(sasl.Negotiation{})
	server, _ := sasl.NewServer(sasl.ScramSHA256, serverCfg, offer)
	_, _, err := server.Step([]byte("n,,n=juliet"))
	fmt.Println(string(sasl.ConditionOf(err)))

	_, err = sasl.NewServer("DIGEST-MD5", serverCfg, offer)
	fmt.Println(string(sasl.ConditionOf(err)), errors.Is(err, sasl.ErrInvalidMechanism))
	// Output:
	// malformed-request
	// invalid-mechanism true
}

// Deriving the stored credentials of a new account.
func ExampleNewScramCredentials() {
	creds, err := sasl.NewScramCredentials(crypto.SHA512, "correct horse battery staple", nil, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(creds.Salt), creds.Iterations, len(creds.StoredKey), len(creds.ServerKey))
	// Output: 16 10000 64 64
}

// What a server offers depends on the connection: without TLS, PLAIN needs
// an Insecure option.
func ExampleServerConfig_Advertise() {
	cfg := sasl.ServerConfig{
		Plain:                 func(user, pass string) error { return sasl.ErrNotAuthorized },
		AllowAnonymous:        true,
		InsecurePlaintextAuth: true,
	}
	fmt.Println(cfg.Advertise(sasl.Negotiation{}).Mechanisms)
	// Output: [PLAIN ANONYMOUS]
}

// A client gives up on a server whose iteration count would keep it busy
// past its deadline (here the client's own cap was raised to let it
// through; by default it is refused at once).
func ExampleStepContext() {
	cfg := sasl.ClientConfig{Username: "juliet", Password: "r0m3o", Mechanisms: []string{sasl.ScramSHA256}, MaxIterations: 1 << 30}
	c, err := sasl.NewClient(cfg, sasl.Negotiation{Mechanisms: []string{sasl.ScramSHA256}})
	if err != nil {
		log.Fatal(err)
	}
	first, err := c.Start()
	if err != nil {
		log.Fatal(err)
	}
	nonce := strings.TrimPrefix(string(first), "n,,n=juliet,r=")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = sasl.StepContext(ctx, c, []byte("r="+nonce+"x,s=c2FsdA==,i=1000000000"))
	fmt.Println(err)
	// Output: context deadline exceeded
}
