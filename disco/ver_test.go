package disco_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/form"
)

// exodus is the information of the simple example of XEP-0115 §5.2.
var exodus = disco.Info{
	Identities: []disco.Identity{{Category: "client", Type: "pc", Name: "Exodus 0.9.1"}},
	Features: []string{"http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items",
		"http://jabber.org/protocol/muc", "http://jabber.org/protocol/caps"},
}

func TestVer(t *testing.T) {
	reversed := psi
	reversed.Identities = slices.Clone(psi.Identities)
	slices.Reverse(reversed.Identities)
	reversed.Features = slices.Clone(psi.Features)
	slices.Reverse(reversed.Features)
	reversed.Forms = []form.Form{{Type: form.TypeResult, Fields: slices.Clone(psi.Forms[0].Fields)}}
	slices.Reverse(reversed.Forms[0].Fields)

	withIgnoredForms := psi
	withIgnoredForms.Forms = append(slices.Clone(psi.Forms),
		form.Form{Type: form.TypeResult, Fields: []form.Field{{Var: "FORM_TYPE", Values: []string{"urn:untyped"}}}},
		form.Form{Type: form.TypeResult, Fields: []form.Field{{Var: "x", Values: []string{"no FORM_TYPE"}}}})

	for _, tc := range []struct {
		name string
		info disco.Info
		hash string
		want string
	}{
		{"XEP-0115 §5.2", exodus, "sha-1", "QgayPKawpkPSDYmwT/WM94uAlu0="},
		{"XEP-0115 §5.3", psi, "sha-1", "q07IKJEyjvHSyhy//CH0CxmKi8w="},
		{"order does not matter", reversed, "sha-1", "q07IKJEyjvHSyhy//CH0CxmKi8w="},
		{"forms without a hidden FORM_TYPE are left out", withIgnoredForms, "sha-1", "q07IKJEyjvHSyhy//CH0CxmKi8w="},
		// The other hashes, checked against an independent computation of
		// the §5.2 string: printf %s 'client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<...' | openssl dgst -binary -sha256 | base64
		{"sha-256", exodus, "sha-256", "Wr6IGEKhx6b9627gBmi/cCmpxXBc/GYq5zWuYfWGWoc="},
		{"sha-512", exodus, "sha-512", "fRSVSbrOODMrPDQyHoSWoR+RemysUcEeGGhMh+kl/hGp9UrJxyDnrh9BymsL57Am/eToRZ/T4s6QBqeC6LVmoQ=="},
	} {
		got, err := disco.Ver(tc.info, tc.hash)
		if err != nil || got != tc.want {
			t.Errorf("%s: Ver = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestVerErrors(t *testing.T) {
	dupForms := psi
	dupForms.Forms = append(slices.Clone(psi.Forms), psi.Forms[0])
	for _, tc := range []struct {
		name string
		info disco.Info
		hash string
		want error
	}{
		{"md5", exodus, "md5", disco.ErrCapsHash},
		{"upper case", exodus, "SHA-1", disco.ErrCapsHash},
		{"no hash", exodus, "", disco.ErrCapsHash},
		{"two forms of one type", dupForms, "sha-1", disco.ErrCapsIllFormed},
	} {
		if _, err := disco.Ver(tc.info, tc.hash); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	for _, h := range []string{"sha-1", "sha-224", "sha-256", "sha-384", "sha-512"} {
		if !disco.HashSupported(h) {
			t.Errorf("%s not supported", h)
		}
	}
}
