package sasl

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
)

// clientNonceBytes is the entropy of a generated nonce (24 base64 chars).
const clientNonceBytes = 18

type scramClientState uint8

const (
	scStart scramClientState = iota
	scFirstSent
	scFinalSent
	scDone
	scFailed
)

// scramClient is the client side of SCRAM (RFC 5802 §5).
type scramClient struct {
	name     string
	hash     crypto.Hash
	username string // prepared
	password string // prepared
	authzid  string
	nonce    string
	lo, hi   int // accepted iteration counts
	rand     io.Reader
	cache    *SCRAMCache // or nil

	gs2Header   string
	cbData      []byte
	ssdp        string // the XEP-0474 hash of what the client saw
	requireSSDP bool

	state           scramClientState
	clientFirstBare string
	serverSignature []byte

	// Keys derived for this exchange, put into cache once the server's
	// signature proves them right; unset when they came from the cache.
	newKeys   *scramKeys
	newKeysID [sha256.Size]byte
}

func newScramClient(name string, cfg ClientConfig, neg Negotiation, plan bindingPlan) (Client, error) {
	if cfg.Username == "" || cfg.Password == "" {
		return nil, errUnusable
	}
	m := scramMechs[name]
	c := &scramClient{name: name, hash: m.hash, nonce: cfg.nonce, rand: cfg.Rand, cache: cfg.Cache}
	c.lo, c.hi = cfg.iterationBounds()
	if err := c.prepare(cfg); err != nil {
		return nil, err
	}
	gs2Flag := plan.flag
	if m.plus {
		if plan.cbType == "" {
			return nil, errUnusable
		}
		data, err := neg.bindingData(plan.cbType, clientSide)
		if err != nil {
			return nil, err
		}
		gs2Flag, c.cbData = "p="+plan.cbType, data
	} else {
		c.requireSSDP = plan.requireSSDP
	}
	c.gs2Header = gs2Flag + "," + c.authzidField() + ","
	c.ssdp = ssdpHash(m.hash, neg.Mechanisms, neg.ChannelBindings)
	return c, nil
}

func (c *scramClient) prepare(cfg ClientConfig) (err error) {
	if c.username, err = prepareUsername(cfg.Username, false); err != nil {
		return err
	}
	if c.password, err = preparePassword(cfg.Password); err != nil {
		return err
	}
	if err = checkAuthzid(cfg.Authzid); err != nil {
		return err
	}
	c.authzid = cfg.Authzid
	return nil
}

func (c *scramClient) authzidField() string {
	if c.authzid == "" {
		return ""
	}
	return "a=" + encodeName(c.authzid)
}

func (c *scramClient) Name() string { return c.name }

func (c *scramClient) Done() bool { return c.state == scDone }

// Start returns the client-first-message.
func (c *scramClient) Start() ([]byte, error) {
	if c.state != scStart {
		return nil, c.fail(ErrUnexpectedStep)
	}
	if c.nonce == "" {
		n, err := newNonce(c.rand)
		if err != nil {
			return nil, c.fail(err)
		}
		c.nonce = n
	}
	c.clientFirstBare = "n=" + encodeName(c.username) + ",r=" + c.nonce
	c.state = scFirstSent
	return []byte(c.gs2Header + c.clientFirstBare), nil
}

// Step answers the server-first-message, then checks the
// server-final-message.
func (c *scramClient) Step(challenge []byte) ([]byte, error) {
	return c.StepContext(context.Background(), challenge)
}

// StepContext is Step, returning ctx's error as soon as ctx is done while
// it derives the salted password (PBKDF2 with the server's iteration
// count). The exchange has then failed.
func (c *scramClient) StepContext(ctx context.Context, challenge []byte) ([]byte, error) {
	switch c.state {
	case scFirstSent:
		resp, err := c.clientFinal(ctx, challenge)
		if err != nil {
			return nil, c.fail(err)
		}
		c.state = scFinalSent
		return resp, nil
	case scFinalSent:
		if err := c.verifyServer(challenge); err != nil {
			return nil, c.fail(err)
		}
		c.state = scDone
		return []byte{}, nil
	}
	return nil, c.fail(ErrUnexpectedStep)
}

func (c *scramClient) fail(err error) error {
	c.state = scFailed
	return err
}

// clientFinal checks the server-first-message and computes the proof.
func (c *scramClient) clientFinal(ctx context.Context, msg []byte) ([]byte, error) {
	sf, err := parseServerFirst(msg)
	if err != nil {
		return nil, fmt.Errorf("%w: server-first: %w", ErrServerMessage, err)
	}
	if len(sf.nonce) <= len(c.nonce) || sf.nonce[:len(c.nonce)] != c.nonce {
		return nil, fmt.Errorf("%w: server nonce does not extend the client's", ErrServerMessage)
	}
	if sf.iterations < c.lo || sf.iterations > c.hi {
		return nil, fmt.Errorf("%w: %d not in [%d, %d]", ErrIterationCount, sf.iterations, c.lo, c.hi)
	}
	if err := c.checkSSDP(sf.ssdp); err != nil {
		return nil, err
	}
	keys, err := c.keys(ctx, sf)
	if err != nil {
		return nil, err
	}
	cbind := base64.StdEncoding.EncodeToString(append([]byte(c.gs2Header), c.cbData...))
	withoutProof := "c=" + cbind + ",r=" + sf.nonce
	am := authMessage(c.clientFirstBare, string(msg), withoutProof)
	nh := newHash(c.hash)
	proof := hmacSum(nh, keys.storedKey, am)
	xorInto(proof, keys.clientKey)
	c.serverSignature = hmacSum(nh, keys.serverKey, am)
	return []byte(withoutProof + ",p=" + base64.StdEncoding.EncodeToString(proof)), nil
}

// keys returns the keys of RFC 5802 §3 for the server's salt and count,
// from the cache when it has them.
func (c *scramClient) keys(ctx context.Context, sf serverFirst) (scramKeys, error) {
	if c.cache == nil {
		return deriveKeysContext(ctx, c.hash, c.password, sf.salt, sf.iterations)
	}
	keys, id, found, err := c.cache.lookup(ctx, c.hash, c.password, sf.salt, sf.iterations)
	if err == nil && !found {
		c.newKeys, c.newKeysID = &keys, id
	}
	return keys, err
}

// checkSSDP compares the server's XEP-0474 hash with the client's view.
func (c *scramClient) checkSSDP(got string) error {
	switch {
	case got == "" && c.requireSSDP:
		return fmt.Errorf("%w: -PLUS offered but unusable, and no XEP-0474 hash to prove the offer genuine", ErrDowngrade)
	case got != "" && !equalSecret([]byte(got), []byte(c.ssdp)):
		return fmt.Errorf("%w: XEP-0474 hash differs from the offer the client saw", ErrDowngrade)
	}
	return nil
}

// verifyServer checks the server-final-message (RFC 5802 §5.1 "v").
func (c *scramClient) verifyServer(msg []byte) error {
	sf, err := parseServerFinal(msg)
	if err != nil {
		return fmt.Errorf("%w: server-final: %w", ErrServerMessage, err)
	}
	if sf.serverError != "" {
		return fmt.Errorf("%w: %s", ErrServerError, sf.serverError)
	}
	if !equalSecret(sf.verifier, c.serverSignature) {
		return ErrServerSignature
	}
	if c.newKeys != nil {
		c.cache.put(c.newKeysID, *c.newKeys)
		c.newKeys = nil
	}
	return nil
}

// newNonce returns clientNonceBytes random bytes in base64, which contains
// no comma (RFC 5802 §7 printable).
func newNonce(r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	var b [clientNonceBytes]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("sasl: nonce: %w", err)
	}
	return base64.StdEncoding.EncodeToString(b[:]), nil
}

// serverFirst is a parsed server-first-message.
type serverFirst struct {
	nonce      string
	salt       []byte
	iterations int
	ssdp       string
}

// parseServerFirst reads [reserved-mext ","] nonce "," salt ","
// iteration-count ["," extensions] (RFC 5802 §7).
func parseServerFirst(msg []byte) (serverFirst, error) {
	var sf serverFirst
	if err := checkMessage(msg); err != nil {
		return sf, err
	}
	attrs, err := splitAttrs(string(msg))
	if err != nil {
		return sf, err
	}
	if len(attrs) < 3 || attrs[0].key != 'r' || attrs[1].key != 's' || attrs[2].key != 'i' {
		return sf, errSyntax // also refuses a leading mandatory extension "m"
	}
	if err := checkNonce(attrs[0].val); err != nil {
		return sf, err
	}
	sf.nonce = attrs[0].val
	if sf.salt, err = decodeB64(attrs[1].val, maxSalt); err != nil {
		return sf, err
	}
	if sf.iterations, err = parseIterations(attrs[2].val); err != nil {
		return sf, err
	}
	for _, a := range attrs[3:] {
		if a.key == 'h' {
			if sf.ssdp != "" || len(a.val) > 128 {
				return sf, fmt.Errorf("bad XEP-0474 attribute")
			}
			sf.ssdp = a.val
		}
	}
	return sf, nil
}

// serverFinal is a parsed server-final-message.
type serverFinal struct {
	verifier    []byte
	serverError string
}

// parseServerFinal reads (server-error / verifier) ["," extensions].
func parseServerFinal(msg []byte) (serverFinal, error) {
	var sf serverFinal
	if err := checkMessage(msg); err != nil {
		return sf, err
	}
	attrs, err := splitAttrs(string(msg))
	if err != nil {
		return sf, err
	}
	switch attrs[0].key {
	case 'e':
		v := attrs[0].val
		if len(v) > maxErrorValue {
			v = v[:maxErrorValue]
		}
		sf.serverError = strconv.Quote(v)
	case 'v':
		sf.verifier, err = decodeB64(attrs[0].val, crypto.SHA512.Size())
	default:
		err = errSyntax
	}
	return sf, err
}
