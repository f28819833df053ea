package sasl

import (
	"bytes"
	"crypto"
	"crypto/hmac"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Hashed Token mechanisms (draft-schmaus-kitten-sasl-ht-09), the one
// round-trip mechanisms of XEP-0484 FAST: HT-<hash>-<cb>, where <cb> names
// the channel binding hashed into the proof (NONE for none).
const (
	HTSHA256None = "HT-SHA-256-NONE"
	HTSHA256Endp = "HT-SHA-256-ENDP" // tls-server-end-point
	HTSHA256Uniq = "HT-SHA-256-UNIQ" // tls-unique
	HTSHA256Expr = "HT-SHA-256-EXPR" // tls-exporter
	HTSHA512None = "HT-SHA-512-NONE"
	HTSHA512Endp = "HT-SHA-512-ENDP"
	HTSHA512Uniq = "HT-SHA-512-UNIQ"
	HTSHA512Expr = "HT-SHA-512-EXPR"
)

// htBindings maps the <cb> part of an HT name to its channel-binding type.
var htBindings = map[string]string{
	"NONE": "",
	"ENDP": TLSServerEndPoint,
	"UNIQ": TLSUnique,
	"EXPR": TLSExporter,
}

// htHashes maps the <hash> part of an HT name to the hash.
var htHashes = map[string]crypto.Hash{"SHA-256": crypto.SHA256, "SHA-512": crypto.SHA512}

// maxHTUsername bounds the authcid of an initiator message (the draft asks
// for at least 255 octets).
const maxHTUsername = 1023

// htMech is a parsed HT mechanism name.
type htMech struct {
	hash    crypto.Hash
	binding string // empty: NONE
}

func parseHT(name string) (htMech, bool) {
	rest, ok := strings.CutPrefix(name, "HT-")
	if !ok {
		return htMech{}, false
	}
	i := strings.LastIndexByte(rest, '-')
	if i < 0 {
		return htMech{}, false
	}
	h, okh := htHashes[rest[:i]]
	cb, okc := htBindings[rest[i+1:]]
	return htMech{hash: h, binding: cb}, okh && okc
}

// IsHT reports whether name is an HT mechanism this package implements.
func IsHT(name string) bool { _, ok := parseHT(name); return ok }

// HTChannelBinding returns the channel-binding type an HT mechanism hashes
// in ("" for -NONE and for names that are not HT mechanisms).
func HTChannelBinding(name string) string { m, _ := parseHT(name); return m.binding }

// HTUsable reports whether the HT mechanism name can be completed on the
// connection neg describes: its channel-binding data can be derived there.
// side is true on the server.
func HTUsable(name string, neg Negotiation, server bool) bool {
	m, ok := parseHT(name)
	if !ok {
		return false
	}
	if m.binding == "" {
		return true
	}
	s := clientSide
	if server {
		s = serverSide
	}
	_, err := neg.bindingData(m.binding, s)
	return err == nil
}

// htProof computes HMAC(token, label || cb-data).
func (m htMech) proof(token []byte, label string, cb []byte) []byte {
	mac := hmac.New(newHash(m.hash), token)
	mac.Write([]byte(label))
	mac.Write(cb)
	return mac.Sum(nil)
}

// htClient is the client side of an HT exchange: the initiator message,
// then the check of the responder message that comes with success.
type htClient struct {
	name     string
	m        htMech
	username string
	token    []byte
	cb       []byte
	done     bool
}

// NewHTClient returns the client side of the HT mechanism name, proving
// possession of token (a FAST token, XEP-0484) as username. neg describes
// the connection: the channel binding of -ENDP, -UNIQ and -EXPR is taken
// from its TLS state, and the mechanism cannot be used without it.
func NewHTClient(name, username string, token []byte, neg Negotiation) (Client, error) {
	m, ok := parseHT(name)
	if !ok {
		return nil, fmt.Errorf("%w: %q is not an HT mechanism", ErrNoMechanism, name)
	}
	if username == "" || len(username) > maxHTUsername || strings.IndexByte(username, 0) >= 0 || len(token) == 0 {
		return nil, fmt.Errorf("%w: HT needs a username and a token", ErrNoMechanism)
	}
	c := &htClient{name: name, m: m, username: username, token: bytes.Clone(token)}
	if m.binding != "" {
		cb, err := neg.bindingData(m.binding, clientSide)
		if err != nil {
			return nil, err
		}
		c.cb = cb
	}
	return c, nil
}

func (c *htClient) Name() string { return c.name }

func (c *htClient) Start() ([]byte, error) {
	msg := append([]byte(c.username), 0)
	return append(msg, c.m.proof(c.token, "Initiator", c.cb)...), nil
}

// Step checks the responder message (the success's additional data).
func (c *htClient) Step(msg []byte) ([]byte, error) {
	if c.done {
		return nil, ErrUnexpectedStep
	}
	if !equalSecret(msg, c.m.proof(c.token, "Responder", c.cb)) {
		return nil, ErrServerSignature
	}
	c.done = true
	return nil, nil
}

func (c *htClient) Done() bool { return c.done }

// ParseHTInitiator splits an HT initiator message into the authentication
// identity and the hashed token.
func ParseHTInitiator(msg []byte) (username string, proof []byte, err error) {
	i := bytes.IndexByte(msg, 0)
	if i <= 0 || i > maxHTUsername || i == len(msg)-1 || !utf8.Valid(msg[:i]) {
		return "", nil, fmt.Errorf("%w: HT initiator message", ErrMalformedRequest)
	}
	return string(msg[:i]), msg[i+1:], nil
}

// VerifyHT checks, on the server, the hashed token proof of an HT
// initiator message for the mechanism name against token, in constant
// time, on the connection neg describes. It returns the responder message
// to send as the success's additional data, or an error: not-authorized
// for a wrong proof or missing channel-binding data.
func VerifyHT(name string, token, proof []byte, neg Negotiation) (responder []byte, err error) {
	m, ok := parseHT(name)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrInvalidMechanism, name)
	}
	var cb []byte
	if m.binding != "" {
		if cb, err = neg.bindingData(m.binding, serverSide); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrNotAuthorized, err)
		}
	}
	if len(token) == 0 || !equalSecret(proof, m.proof(token, "Initiator", cb)) {
		return nil, ErrNotAuthorized
	}
	return m.proof(token, "Responder", cb), nil
}
