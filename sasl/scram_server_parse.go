package sasl

import (
	"crypto"
	"errors"
	"strings"
)

// clientFirst is a parsed client-first-message.
type clientFirst struct {
	flag      byte   // 'n', 'y' or 'p'
	cbType    string // with 'p'
	authzid   string // decoded; empty for none
	gs2Header string // as received, for the "c" attribute check
	bare      string // client-first-message-bare, as received
	username  string // decoded, not yet prepared
	nonce     string
}

// parseClientFirst reads gs2-header client-first-message-bare, where
// gs2-header is gs2-cbind-flag "," [authzid] "," and the bare message is
// [reserved-mext ","] username "," nonce ["," extensions] (RFC 5802 §7).
func parseClientFirst(msg []byte) (clientFirst, error) {
	var cf clientFirst
	if err := checkMessage(msg); err != nil {
		return cf, err
	}
	s := string(msg)
	flag, rest, ok := strings.Cut(s, ",")
	if !ok {
		return cf, errSyntax
	}
	if err := cf.setFlag(flag); err != nil {
		return cf, err
	}
	az, bare, ok := strings.Cut(rest, ",")
	if !ok {
		return cf, errSyntax
	}
	if az != "" {
		if !strings.HasPrefix(az, "a=") || len(az) == 2 || strings.IndexByte(az, 0) >= 0 {
			return cf, errors.New("malformed authzid")
		}
		var err error
		if cf.authzid, err = decodeName(az[2:]); err != nil {
			return cf, err
		}
	}
	cf.gs2Header, cf.bare = s[:len(s)-len(bare)], bare
	attrs, err := splitAttrs(bare)
	if err != nil {
		return cf, err
	}
	if len(attrs) < 2 || attrs[0].key != 'n' || attrs[1].key != 'r' {
		return cf, errSyntax // also refuses a leading mandatory extension "m"
	}
	if cf.username, err = decodeName(attrs[0].val); err != nil {
		return cf, err
	}
	cf.nonce = attrs[1].val
	return cf, checkNonce(cf.nonce)
}

func (cf *clientFirst) setFlag(flag string) error {
	switch {
	case flag == "n" || flag == "y":
		cf.flag = flag[0]
	case strings.HasPrefix(flag, "p="):
		if err := checkCBName(flag[2:]); err != nil {
			return err
		}
		cf.flag, cf.cbType = 'p', flag[2:]
	default:
		return errors.New("bad GS2 flag")
	}
	return nil
}

// clientFinal is a parsed client-final-message.
type clientFinal struct {
	cbind        []byte // decoded "c": GS2 header and binding data
	nonce        string
	proof        []byte
	withoutProof string // client-final-message-without-proof, as received
}

// parseClientFinal reads channel-binding "," nonce ["," extensions] ","
// proof (RFC 5802 §7).
func parseClientFinal(msg []byte) (clientFinal, error) {
	var cf clientFinal
	if err := checkMessage(msg); err != nil {
		return cf, err
	}
	s := string(msg)
	attrs, err := splitAttrs(s)
	if err != nil {
		return cf, err
	}
	n := len(attrs)
	if n < 3 || attrs[0].key != 'c' || attrs[1].key != 'r' || attrs[n-1].key != 'p' {
		return cf, errSyntax
	}
	cf.withoutProof = s[:strings.LastIndexByte(s, ',')]
	if cf.cbind, err = decodeB64(attrs[0].val, MaxMessageSize); err != nil {
		return cf, err
	}
	cf.nonce = attrs[1].val
	if cf.proof, err = decodeB64(attrs[n-1].val, crypto.SHA512.Size()); err != nil {
		return cf, err
	}
	return cf, nil
}
