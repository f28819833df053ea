package xmpp

import (
	"bytes"
	"regexp"
)

// Secrets the raw log never shows (XEP-0484 §Security: FAST tokens are
// passwords): the token attribute of a FAST <token/>, and the initial
// response of an HT mechanism, which a -NONE mechanism lets anyone who
// reads it replay.
var (
	fastTokenAttr = regexp.MustCompile(`(<(?:[A-Za-z0-9_.-]+:)?token\b[^>]*?\stoken\s*=\s*)('[^']*'|"[^"]*")`)
	htAuthStart   = regexp.MustCompile(`<(?:[A-Za-z0-9_.-]+:)?authenticate\b[^>]*\smechanism\s*=\s*['"]HT-`)
	htAuthEnd     = regexp.MustCompile(`</(?:[A-Za-z0-9_.-]+:)?authenticate\s*>|<(?:[A-Za-z0-9_.-]+:)?authenticate\b[^>]*/>`)
	responseText  = regexp.MustCompile(`(<(?:[A-Za-z0-9_.-]+:)?initial-response\b[^>]*>)?([^<>]*)(</(?:[A-Za-z0-9_.-]+:)?initial-response\s*>)`)
)

// maxCarry bounds what a redactor holds back between chunks.
const maxCarry = 16 << 10

// redactor removes the secrets from one direction of a raw log. The
// transport cuts the stream anywhere, so it holds back, until the next
// chunk, what follows the last '>' of a chunk when that could split a
// secret: a start tag that may be a <token/>, or text inside an HT
// <authenticate/>. Anything else is logged at once (a person watching a
// stuck peer sees its partial element).
type redactor struct {
	carry []byte
	inHT  bool // inside an <authenticate/> with an HT mechanism
}

// mayHide reports whether an unfinished tail could cut a secret in two.
// inHT tells whether the stream is inside an HT authentication.
func mayHide(tail []byte, inHT bool) bool {
	lt := bytes.LastIndexByte(tail, '<')
	if lt < 0 {
		return inHT // text: a secret only inside an HT authentication
	}
	tag := tail[lt+1:]
	name := tag
	if sp := bytes.IndexAny(tag, xmlSpace); sp >= 0 {
		name = tag[:sp]
	} else {
		return true // the name itself is not complete
	}
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	switch string(name) {
	case "token", "authenticate", "initial-response":
		return true
	}
	return inHT
}

// process returns what can be logged of p now.
func (r *redactor) process(p []byte) []byte {
	buf := append(r.carry, p...)
	cut := bytes.LastIndexByte(buf, '>') + 1
	inHT := r.inHT || htAuthStart.Match(buf[:cut])
	if tail := buf[cut:]; len(tail) > maxCarry || !mayHide(tail, inHT) {
		cut = len(buf)
	}
	out := bytes.Clone(buf[:cut])
	r.carry = append(r.carry[:0], buf[cut:]...)
	if len(out) == 0 {
		return nil
	}
	if bytes.Contains(out, []byte("token")) {
		out = fastTokenAttr.ReplaceAll(out, []byte(`$1'[redacted]'`))
	}
	if htAuthStart.Match(out) {
		r.inHT = true
	}
	if r.inHT {
		out = responseText.ReplaceAll(out, []byte(`$1[redacted]$3`))
		if htAuthEnd.Match(out) {
			r.inHT = false
		}
	}
	return out
}
