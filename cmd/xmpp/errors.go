package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/dial"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/websocket"
)

// describe turns a connection error into one line a person understands:
// what went wrong, the cause, and what to try.
func describe(err error, addr jid.JID, f *clientFlags) error {
	var (
		saslErr *xmpp.SASLError
		certErr *tls.CertificateVerificationError
		unknown x509.UnknownAuthorityError
		host    x509.HostnameError
		invalid x509.CertificateInvalidError
		dialErr *dial.Error
		opErr   *net.OpError
	)
	switch {
	case errors.Is(err, sasl.ErrNotAuthorized):
		return fmt.Errorf("login failed for %s: wrong user name or password", addr.Bare())
	case errors.As(err, &saslErr):
		return fmt.Errorf("login failed for %s: %s", addr.Bare(), saslErr.Condition)
	case errors.As(err, &unknown), errors.As(err, &host), errors.As(err, &invalid), errors.As(err, &certErr):
		return fmt.Errorf("the server's certificate for %s is not trusted (%s); trust it with -ca FILE", addr.Domainpart(), certCause(err))
	case errors.As(err, &dialErr):
		return fmt.Errorf("cannot reach the server of %s: %s", addr.Domainpart(), trimPrefix(dialErr.Error()))
	case errors.Is(err, websocket.ErrInsecureURL):
		return fmt.Errorf("-websocket %s: ws:// is not encrypted; use a wss:// URL", f.websocket)
	case errors.Is(err, websocket.ErrSubprotocol):
		return fmt.Errorf("%s does not serve XMPP over WebSocket (no \"xmpp\" subprotocol); check -websocket", f.websocket)
	case f.websocket != "" && errors.As(err, &opErr) && opErr.Op == "dial":
		return fmt.Errorf("cannot reach the server of %s at %s: %v", addr.Domainpart(), f.websocket, opErr.Err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("no answer from the server of %s within %s (-timeout)", addr.Domainpart(), f.timeout)
	case errors.Is(err, xmpp.ErrTLSRequired):
		return fmt.Errorf("the server of %s does not offer TLS, so this tool will not log in", addr.Domainpart())
	}
	return err
}

// certCause is the innermost reason a certificate was refused.
func certCause(err error) string {
	var certErr *tls.CertificateVerificationError
	if errors.As(err, &certErr) && certErr.Err != nil {
		return certErr.Err.Error()
	}
	return err.Error()
}

func trimPrefix(s string) string {
	const p = "dial: cannot connect to "
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

// describeStanzaError explains an error answer to a request.
func describeStanzaError(err error, to jid.JID) error {
	var se *stanza.Error
	if errors.As(err, &se) {
		if se.Text != "" {
			return fmt.Errorf("%s answered with an error: %s (%s)", to, se.Condition, se.Text)
		}
		return fmt.Errorf("%s answered with an error: %s", to, se.Condition)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no answer from %s in time (-timeout)", to)
	}
	return err
}
