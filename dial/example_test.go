package dial_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"syscall"

	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
)

// records answers SRV queries from a map; a missing name is NXDOMAIN.
type records map[string][]*net.SRV

func (r records) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	key := "_" + service + "._" + proto + "." + name
	if recs, ok := r[key]; ok {
		return key, recs, nil
	}
	return "", nil, &net.DNSError{Err: "no such host", Name: key, IsNotFound: true}
}

// unreachable refuses every connection.
type unreachable struct{}

func (unreachable) DialContext(_ context.Context, network, addr string) (net.Conn, error) {
	return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
}

// The candidates are tried in the order of their SRV priorities, _xmpps-
// (direct TLS) and _xmpp- records mixed, and the error lists every attempt.
func ExampleDialer_DialClient() {
	d := dial.Dialer{
		Resolver: records{
			"_xmpps-client._tcp.example.com": {{Target: "xmpp.example.com.", Port: 443, Priority: 0}},
			"_xmpp-client._tcp.example.com": {
				{Target: "backup.example.net.", Port: 5222, Priority: 20},
				{Target: "xmpp.example.com.", Port: 5222, Priority: 10},
			},
		},
		NetDialer: unreachable{},
	}
	_, err := d.DialClient(context.Background(), jid.MustParse("juliet@example.com"))
	fmt.Println(err)
	fmt.Println(errors.Is(err, dial.ErrUnreachable))
	// Output:
	// dial: cannot connect to example.com: xmpp.example.com:443 (direct TLS): connection refused; xmpp.example.com:5222: connection refused; backup.example.net:5222: connection refused
	// true
}

// A lone SRV target "." says the domain offers no XMPP service: nothing is
// dialled.
func ExampleDialer_DialClient_noService() {
	d := dial.Dialer{
		Resolver:  records{"_xmpp-client._tcp.example.com": {{Target: "."}}},
		NetDialer: unreachable{},
	}
	_, err := d.DialClient(context.Background(), jid.MustParse("juliet@example.com"))
	fmt.Println(errors.Is(err, dial.ErrNoService))
	// Output:
	// true
}

// With a fixed Address no lookup is made. Without DirectTLS the connection
// is plain TCP, on which the session negotiates STARTTLS.
func ExampleDialer_fixedAddress() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ln.Close()

	d := dial.Dialer{Address: ln.Addr().String()}
	conn, err := d.DialClient(context.Background(), jid.MustParse("juliet@example.com"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	_, directTLS := conn.(*tls.Conn)
	fmt.Println("direct TLS:", directTLS)
	// Output:
	// direct TLS: false
}

func ExampleServerName() {
	for _, domain := range []string{"example.com", "bücher.example", "[2001:db8::1]"} {
		name, err := dial.ServerName(domain)
		fmt.Println(name, err)
	}
	// Output:
	// example.com <nil>
	// xn--bcher-kva.example <nil>
	// 2001:db8::1 <nil>
}
