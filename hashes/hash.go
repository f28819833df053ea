package hashes

import (
	"crypto/sha1" //nolint:gosec // sha-1 is a registered name older extensions still send; see the package doc.
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"hash"

	"golang.org/x/crypto/blake2b"

	"github.com/canto-im/xmpp/xmlstream"
)

// NS is the namespace of XEP-0300 (§3); HashName and HashUsedName are its
// elements.
const NS = "urn:xmpp:hashes:2"

// FeaturePrefix prefixes an algorithm's name in the disco#info feature
// that says an entity supports it (§4): urn:xmpp:hash-function-text-names:sha-256.
const FeaturePrefix = "urn:xmpp:hash-function-text-names:"

var (
	HashName     = xml.Name{Space: NS, Local: "hash"}
	HashUsedName = xml.Name{Space: NS, Local: "hash-used"}
)

// Errors of this package.
var (
	// ErrInvalid refuses a <hash/> or <hash-used/> that is not one: no
	// algo, a value that is not base64, or a value whose length is not the
	// algorithm's output size.
	ErrInvalid = errors.New("hashes: malformed urn:xmpp:hashes:2 element")
	// ErrUnsupported is an algorithm this package does not compute.
	ErrUnsupported = errors.New("hashes: algorithm not supported")
	// ErrMismatch is a hash that does not match the data.
	ErrMismatch = errors.New("hashes: hash does not match the data")
	// ErrNoHash is a Verify call with no hash it can compute.
	ErrNoHash = errors.New("hashes: no hash of a supported algorithm")
)

// Algo is the name of a hash algorithm (IANA Hash Function Textual
// Names), as in the algo attribute.
type Algo string

// Algorithms with IANA textual names.
const (
	SHA1       Algo = "sha-1"
	SHA256     Algo = "sha-256"
	SHA512     Algo = "sha-512"
	SHA3_256   Algo = "sha3-256"
	SHA3_512   Algo = "sha3-512"
	BLAKE2b256 Algo = "blake2b-256"
	BLAKE2b512 Algo = "blake2b-512"
)

// algos are the algorithms known here: output size, and the constructor
// for those computed.
var algos = map[Algo]struct {
	size int
	new  func() hash.Hash
}{
	SHA1:       {sha1.Size, sha1.New},
	SHA256:     {sha256.Size, sha256.New},
	SHA512:     {sha512.Size, sha512.New},
	SHA3_256:   {32, func() hash.Hash { return sha3.New256() }},
	SHA3_512:   {64, func() hash.Hash { return sha3.New512() }},
	BLAKE2b256: {blake2b.Size256, mustBLAKE2b(blake2b.New256)},
	BLAKE2b512: {blake2b.Size, mustBLAKE2b(blake2b.New512)},
}

// Announced lists the algorithms [Features] announces, strongest first:
// those computed here but sha-1, which XEP-0414 says new uses must
// not pick (it is still computed, for the extensions that name it).
var Announced = []Algo{BLAKE2b512, SHA3_512, SHA512, BLAKE2b256, SHA3_256, SHA256}

// Supported reports whether a is computed here.
func (a Algo) Supported() bool { return algos[a].new != nil }

// Size returns the length in bytes of a's hash values, or 0 for an
// algorithm not known here.
func (a Algo) Size() int { return algos[a].size }

// New returns a new hash.Hash computing a, or ErrUnsupported.
func (a Algo) New() (hash.Hash, error) {
	if !a.Supported() {
		return nil, ErrUnsupported
	}
	return algos[a].new(), nil
}

// Feature returns a's disco#info feature (§4).
func (a Algo) Feature() string { return FeaturePrefix + string(a) }

// Features returns the disco#info features of an entity that uses this
// package (§4): the namespace and one feature per algorithm of Announced.
func Features() []string {
	f := []string{NS}
	for _, a := range Announced {
		f = append(f, a.Feature())
	}
	return f
}

// Hash is a <hash/>: a hash value and the algorithm that computed it.
type Hash struct {
	Algo  Algo
	Value []byte
}

// Sum returns the Hash of data with algorithm a, or ErrUnsupported.
func Sum(a Algo, data []byte) (Hash, error) {
	h, err := a.New()
	if err != nil {
		return Hash{}, err
	}
	h.Write(data)
	return Hash{Algo: a, Value: h.Sum(nil)}, nil
}

// Verify reports whether h is the hash of data: nil, ErrMismatch, or
// ErrUnsupported for an algorithm not computed here. The comparison takes
// the same time wherever the values differ.
func (h Hash) Verify(data []byte) error {
	got, err := Sum(h.Algo, data)
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare(got.Value, h.Value) != 1 {
		return ErrMismatch
	}
	return nil
}

// Verify checks data against every hash in hs whose algorithm is computed
// here, and returns how many it checked. Any mismatch is ErrMismatch;
// none checked (hs empty, or only unsupported algorithms) is ErrNoHash.
func Verify(data []byte, hs []Hash) (int, error) {
	n := 0
	for _, h := range hs {
		switch err := h.Verify(data); {
		case errors.Is(err, ErrUnsupported):
			continue
		case err != nil:
			return n, err
		}
		n++
	}
	if n == 0 {
		return 0, ErrNoHash
	}
	return n, nil
}

// String returns the hash as its algorithm and base64 value.
func (h Hash) String() string {
	return string(h.Algo) + ":" + base64.StdEncoding.EncodeToString(h.Value)
}

// WriteXML writes h as a <hash/>; an empty algo is refused with ErrInvalid.
func (h Hash) WriteXML(e xmlstream.Encoder) error {
	if h.Algo == "" {
		return ErrInvalid
	}
	return e.TextElement(HashName, base64.StdEncoding.EncodeToString(h.Value), algoAttr(h.Algo))
}

// maxValue bounds the base64 text of a <hash/> of an algorithm not known
// here: the longest registered outputs are 64 bytes, and no hash needs
// more than a few hundred.
const maxValue = 512

// ParseHash reads a <hash/>. The algo is required; the value must be
// base64 (whitespace around it is allowed), and for an algorithm known
// here exactly its output size.
func ParseHash(el *xmlstream.Element) (Hash, error) {
	if el.Name() != HashName {
		return Hash{}, ErrInvalid
	}
	a := Algo(el.Attr("algo"))
	if a == "" {
		return Hash{}, ErrInvalid
	}
	text := trimSpace(el.Text())
	if len(text) > maxValue {
		return Hash{}, ErrInvalid
	}
	v, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(v) == 0 {
		return Hash{}, ErrInvalid
	}
	if size := a.Size(); size != 0 && len(v) != size {
		return Hash{}, ErrInvalid
	}
	return Hash{Algo: a, Value: v}, nil
}

// Used is a <hash-used/>: an algorithm named without a value, as when one
// party asks another to compute the hash (§3).
type Used struct{ Algo Algo }

// WriteXML writes u as a <hash-used/>; an empty algo is refused with
// ErrInvalid.
func (u Used) WriteXML(e xmlstream.Encoder) error {
	if u.Algo == "" {
		return ErrInvalid
	}
	return e.EmptyElement(HashUsedName, algoAttr(u.Algo))
}

// ParseUsed reads a <hash-used/>; the algo is required.
func ParseUsed(el *xmlstream.Element) (Used, error) {
	if el.Name() != HashUsedName || el.Attr("algo") == "" {
		return Used{}, ErrInvalid
	}
	return Used{Algo: Algo(el.Attr("algo"))}, nil
}

func algoAttr(a Algo) xml.Attr { return xml.Attr{Name: xml.Name{Local: "algo"}, Value: string(a)} }

// trimSpace removes XML whitespace around s.
func trimSpace(s string) string {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// mustBLAKE2b adapts an unkeyed BLAKE2b constructor, which fails only for
// a key longer than 64 bytes.
func mustBLAKE2b(newHash func(key []byte) (hash.Hash, error)) func() hash.Hash {
	return func() hash.Hash {
		h, err := newHash(nil)
		if err != nil {
			panic("hashes: unkeyed BLAKE2b: " + err.Error())
		}
		return h
	}
}
