package xmpp

import (
	"bytes"
	"regexp"
)

// Secrets the raw log never shows (XEP-0484 §Security: FAST tokens are
// passwords): the token attribute of a FAST <token/>, and the initial
// response of an HT mechanism, which a -NONE mechanism lets anyone replay.
var (
	fastTokenAttr = regexp.MustCompile(`(<(?:[A-Za-z0-9_.-]+:)?token\b[^>]*?\stoken\s*=\s*)('[^']*'|"[^"]*")`)
	htInitial     = regexp.MustCompile(`(<(?:[A-Za-z0-9_.-]+:)?initial-response\b[^>]*>)([^<]*)`)
	htMechanism   = regexp.MustCompile(`<(?:[A-Za-z0-9_.-]+:)?authenticate\b[^>]*\smechanism\s*=\s*['"]HT-`)
)

// redactSecrets returns p with FAST secrets replaced by "[redacted]", or
// p itself when it has none. It works on one chunk: the elements that
// carry the secrets are small and written in one piece.
func redactSecrets(p []byte) []byte {
	if bytes.Contains(p, []byte(NSFAST)) {
		p = fastTokenAttr.ReplaceAll(p, []byte(`$1'[redacted]'`))
	}
	if htMechanism.Match(p) {
		p = htInitial.ReplaceAll(p, []byte(`$1[redacted]`))
	}
	return p
}
