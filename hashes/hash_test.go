package hashes_test

import (
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/hashes"
	"github.com/canto-im/xmpp/xmpptest"
)

// abc are the hashes of "abc", computed with Python's hashlib, not with
// the code under test.
var abc = map[hashes.Algo]string{
	hashes.SHA1:       "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=",
	hashes.SHA256:     "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
	hashes.SHA512:     "3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==",
	hashes.SHA3_256:   "Ophdp0/iJbIEXBcta9OQvYVfCG4+nVJbRr/iRRFDFTI=",
	hashes.SHA3_512:   "t1GFCxpXFopWk82SS2sJbgj2IYJ0RPcNiE9dAkDScS4Q4RbpGSrzyRp+xXZH45NAVzQLTPQI1aVlkvgnTuxT8A==",
	hashes.BLAKE2b256: "vd2BPGNCOXIxce8/7phXm5SWTjuxyz5CcmLIwGjVIxk=",
	hashes.BLAKE2b512: "uoClP5gcTQ1qJ5e2nxL26UwhLxRoWsS3SxK7b9v/otF9h8U5Kqt5LcJS1d5FM8yVGNOKqNvxklq5I4bt1ACZIw==",
}

func abcHash(t testing.TB, a hashes.Algo) hashes.Hash {
	t.Helper()
	v, err := base64.StdEncoding.DecodeString(abc[a])
	if err != nil {
		t.Fatal(err)
	}
	return hashes.Hash{Algo: a, Value: v}
}

func TestSum(t *testing.T) {
	for _, tc := range []struct {
		algo    hashes.Algo
		wantErr error
	}{
		{hashes.SHA1, nil},
		{hashes.SHA256, nil},
		{hashes.SHA512, nil},
		{hashes.SHA3_256, nil},
		{hashes.SHA3_512, nil},
		{hashes.BLAKE2b256, nil},
		{hashes.BLAKE2b512, nil},
		{"md5", hashes.ErrUnsupported},
		{"", hashes.ErrUnsupported},
	} {
		h, err := hashes.Sum(tc.algo, []byte("abc"))
		if !errors.Is(err, tc.wantErr) {
			t.Errorf("Sum(%q) error %v, want %v", tc.algo, err, tc.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if got := base64.StdEncoding.EncodeToString(h.Value); got != abc[tc.algo] || h.Algo != tc.algo {
			t.Errorf("Sum(%q) = %s %s, want %s", tc.algo, h.Algo, got, abc[tc.algo])
		}
		if len(h.Value) != tc.algo.Size() {
			t.Errorf("%s: Size %d, value of %d bytes", tc.algo, tc.algo.Size(), len(h.Value))
		}
	}
}

func TestVerify(t *testing.T) {
	flipped := abcHash(t, hashes.SHA256)
	flipped.Value[31] ^= 1
	for _, tc := range []struct {
		name    string
		data    string
		hs      []hashes.Hash
		want    int
		wantErr error
	}{
		{"one", "abc", []hashes.Hash{abcHash(t, hashes.SHA256)}, 1, nil},
		{"all computed", "abc", []hashes.Hash{abcHash(t, hashes.SHA1), abcHash(t, hashes.SHA256), abcHash(t, hashes.SHA512), abcHash(t, hashes.SHA3_256), abcHash(t, hashes.SHA3_512), abcHash(t, hashes.BLAKE2b256), abcHash(t, hashes.BLAKE2b512)}, 7, nil},
		{"unsupported passed over", "abc", []hashes.Hash{{Algo: "md5", Value: make([]byte, 16)}, abcHash(t, hashes.SHA3_256)}, 1, nil},
		{"other data", "abd", []hashes.Hash{abcHash(t, hashes.SHA256)}, 0, hashes.ErrMismatch},
		{"last bit", "abc", []hashes.Hash{flipped}, 0, hashes.ErrMismatch},
		// A good weak hash does not cover a bad strong one.
		{"one bad of two", "abc", []hashes.Hash{abcHash(t, hashes.SHA1), flipped}, 1, hashes.ErrMismatch},
		{"truncated", "abc", []hashes.Hash{{Algo: hashes.SHA256, Value: abcHash(t, hashes.SHA256).Value[:16]}}, 0, hashes.ErrMismatch},
		{"only unsupported", "abc", []hashes.Hash{{Algo: "md5", Value: make([]byte, 16)}}, 0, hashes.ErrNoHash},
		{"none", "abc", nil, 0, hashes.ErrNoHash},
	} {
		n, err := hashes.Verify([]byte(tc.data), tc.hs)
		if n != tc.want || !errors.Is(err, tc.wantErr) {
			t.Errorf("%s: Verify = %d, %v; want %d, %v", tc.name, n, err, tc.want, tc.wantErr)
		}
	}
	if err := (hashes.Hash{Algo: "md5", Value: make([]byte, 16)}).Verify([]byte("abc")); !errors.Is(err, hashes.ErrUnsupported) {
		t.Errorf("md5 Verify: %v", err)
	}
}

func TestFeatures(t *testing.T) {
	f := hashes.Features()
	for _, want := range []string{hashes.NS, "urn:xmpp:hash-function-text-names:sha-256", "urn:xmpp:hash-function-text-names:sha3-256"} {
		if !slices.Contains(f, want) {
			t.Errorf("Features() lacks %s: %v", want, f)
		}
	}
	for _, a := range hashes.Announced {
		if !a.Supported() {
			t.Errorf("%s is announced but not computed", a)
		}
	}
	if slices.Contains(f, hashes.SHA1.Feature()) {
		t.Errorf("Features() announces sha-1: %v", f)
	}
}

func TestHashWire(t *testing.T) {
	type h = hashes.Hash
	xmpptest.RunWire(t, hashes.ParseHash, []xmpptest.WireCase[h]{
		// XEP-0300 §3 Example 1.
		{Name: "§3", XML: `<hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>2XarmwTlNxDAMkvymloX3S5+VbylNrJt/l5QyPa+YoU=</hash>`,
			Value: h{Algo: hashes.SHA256, Value: mustBase64(t, "2XarmwTlNxDAMkvymloX3S5+VbylNrJt/l5QyPa+YoU=")}},
		{Name: "sha3-256", XML: `<hash xmlns='urn:xmpp:hashes:2' algo='sha3-256'>` + abc[hashes.SHA3_256] + `</hash>`, Value: abcHash(t, hashes.SHA3_256)},
		{Name: "blake2b-256 parses", XML: `<hash xmlns='urn:xmpp:hashes:2' algo='blake2b-256'>` + abc[hashes.BLAKE2b256] + `</hash>`, Value: abcHash(t, hashes.BLAKE2b256)},
		{Name: "unknown algo, any size", XML: `<hash xmlns='urn:xmpp:hashes:2' algo='x-new'>AAEC</hash>`, Value: h{Algo: "x-new", Value: []byte{0, 1, 2}}},
		{Name: "whitespace", ParseOnly: true, XML: "<hash xmlns='urn:xmpp:hashes:2' algo='sha-1'>\n  " + abc[hashes.SHA1] + "\n</hash>", Value: abcHash(t, hashes.SHA1)},
		{Name: "no algo", XML: `<hash xmlns='urn:xmpp:hashes:2'>` + abc[hashes.SHA1] + `</hash>`, WantErr: hashes.ErrInvalid},
		{Name: "not base64", XML: `<hash xmlns='urn:xmpp:hashes:2' algo='sha-1'>!!!!</hash>`, WantErr: hashes.ErrInvalid},
		{Name: "empty", XML: `<hash xmlns='urn:xmpp:hashes:2' algo='sha-1'/>`, WantErr: hashes.ErrInvalid},
		{Name: "wrong size", XML: `<hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>` + abc[hashes.SHA1] + `</hash>`, WantErr: hashes.ErrInvalid},
		{Name: "too long", XML: `<hash xmlns='urn:xmpp:hashes:2' algo='x-new'>` + strings.Repeat("AAAA", 200) + `</hash>`, WantErr: hashes.ErrInvalid},
		{Name: "old namespace", XML: `<hash xmlns='urn:xmpp:hashes:1' algo='sha-1'>` + abc[hashes.SHA1] + `</hash>`, WantErr: hashes.ErrInvalid},
		{Name: "write without algo", Value: h{Value: []byte{1}}, WantErr: hashes.ErrInvalid},
	})
}

func TestUsedWire(t *testing.T) {
	xmpptest.RunWire(t, hashes.ParseUsed, []xmpptest.WireCase[hashes.Used]{
		{Name: "§3", XML: `<hash-used xmlns='urn:xmpp:hashes:2' algo='sha-256'/>`, Value: hashes.Used{Algo: hashes.SHA256}},
		{Name: "no algo", XML: `<hash-used xmlns='urn:xmpp:hashes:2'/>`, WantErr: hashes.ErrInvalid},
		{Name: "other element", XML: `<hash xmlns='urn:xmpp:hashes:2' algo='sha-256'/>`, WantErr: hashes.ErrInvalid},
		{Name: "write without algo", Value: hashes.Used{}, WantErr: hashes.ErrInvalid},
	})
}

func mustBase64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func BenchmarkVerifySHA256(b *testing.B) {
	data := make([]byte, 64<<10) // an avatar-sized image
	h, err := hashes.Sum(hashes.SHA256, data)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := h.Verify(data); err != nil {
			b.Fatal(err)
		}
	}
}
