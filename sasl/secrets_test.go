package sasl

import (
	"crypto/tls"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInput_C24_ConstantTimeCompare (Prosody CVE-2021-32921): every
// secret comparison goes through equalSecret, which uses
// crypto/subtle.ConstantTimeCompare, and no code of the package compares
// byte slices any other way.
func TestBadInput_C24_ConstantTimeCompare(t *testing.T) {
	mustCall := map[string]bool{ // functions that compare secrets
		"verifyProof": false, "verifyServer": false, "checkSSDP": false,
		"serverFinalMessage": false, "checkPlainScram": false,
	}
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			ast.Inspect(fn, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				switch callee := exprString(call.Fun); callee {
				case "bytes.Equal", "bytes.Compare", "hmac.Equal", "reflect.DeepEqual", "slices.Equal":
					t.Errorf("%s: %s uses %s; secrets must be compared with equalSecret", fset.Position(call.Pos()), fn.Name.Name, callee)
				case "equalSecret":
					if _, ok := mustCall[fn.Name.Name]; ok {
						mustCall[fn.Name.Name] = true
					}
				case "subtle.ConstantTimeCompare":
					if fn.Name.Name != "equalSecret" {
						t.Errorf("%s: call equalSecret instead", fset.Position(call.Pos()))
					}
				}
				return true
			})
		}
	}
	for fn, called := range mustCall {
		if !called {
			t.Errorf("%s does not compare with equalSecret", fn)
		}
	}
	for _, tt := range []struct {
		a, b string
		want bool
	}{{"abc", "abc", true}, {"abc", "abd", false}, {"abc", "ab", false}, {"", "", true}} {
		if equalSecret([]byte(tt.a), []byte(tt.b)) != tt.want {
			t.Errorf("equalSecret(%q, %q) != %v", tt.a, tt.b, tt.want)
		}
	}
}

func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	}
	return ""
}

// TestUnknownUserLooksKnown: an unknown user gets a server-first-message of
// the same shape as a known one (with UnknownUserIterations set to the
// store's count), the same salt on every attempt, and the same failure as a
// wrong password.
func TestUnknownUserLooksKnown(t *testing.T) {
	cfg := ServerConfig{ScramCredentials: newStore(t, "juliet", "r0m3o").lookup, UnknownUserIterations: testIterations}
	neg := Negotiation{Mechanisms: []string{ScramSHA256}}
	attempt := func(user string) (serverFirst string, err error) {
		c := mustClient(t, ScramSHA256, ClientConfig{Username: user, Password: "wrong"}, neg)
		s := mustServer(t, ScramSHA256, cfg, neg)
		m, _ := c.Start()
		sf, _, err := s.Step(m)
		if err != nil {
			return "", err
		}
		resp, err := c.Step(sf)
		if err != nil {
			return "", err
		}
		_, _, err = s.Step(resp)
		return string(sf), err
	}
	known, kerr := attempt("juliet")
	unknown1, uerr := attempt("nobody")
	unknown2, _ := attempt("nobody")
	if ConditionOf(kerr) != ErrNotAuthorized || kerr.Error() != uerr.Error() {
		t.Fatalf("wrong password: %v; unknown user: %v", kerr, uerr)
	}
	attrs := func(sf string) []string { return strings.Split(sf, ",") } // r, s, i, h
	k, u1, u2 := attrs(known), attrs(unknown1), attrs(unknown2)
	if len(k[1]) != len(u1[1]) || k[2] != u1[2] || k[3] != u1[3] {
		t.Fatalf("shapes differ: %q vs %q", known, unknown1)
	}
	if u1[1] != u2[1] {
		t.Fatalf("decoy salt changes between attempts: %q vs %q", u1[1], u2[1])
	}
}

// TestHandmadeConnectionState: a ConnectionState not made by crypto/tls
// has no exporter; asking for tls-exporter fails instead of panicking.
func TestHandmadeConnectionState(t *testing.T) {
	n := Negotiation{TLS: &tls.ConnectionState{Version: tls.VersionTLS13, HandshakeComplete: true}}
	if _, err := n.bindingData(TLSExporter, clientSide); !errors.Is(err, ErrChannelBinding) {
		t.Fatalf("err = %v", err)
	}
	if got := n.availableBindings(clientSide); len(got) != 0 {
		t.Fatalf("available %q", got)
	}
}
