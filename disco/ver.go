package disco

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"slices"
	"strings"

	"github.com/canto-im/xmpp/form"
)

// Errors of the verification string.
var (
	// ErrCapsHash: the hash function is not one this package supports.
	ErrCapsHash = errors.New("disco: unsupported caps hash function")
	// ErrCapsIllFormed: the information breaks a rule of XEP-0115 §5.4
	// (duplicate identities, features or form types).
	ErrCapsIllFormed = errors.New("disco: ill-formed information for caps")
)

// hashes are the functions of the IANA hash function textual names
// registry that the standard library provides. XEP-0115 §9.1 makes sha-1
// mandatory.
var hashes = map[string]func() hash.Hash{
	"sha-1":   sha1.New,
	"sha-224": sha256.New224,
	"sha-256": sha256.New,
	"sha-384": sha512.New384,
	"sha-512": sha512.New,
}

// HashSupported reports whether Ver can use the hash function named name.
func HashSupported(name string) bool {
	_, ok := hashes[name]
	return ok
}

// Ver computes the XEP-0115 §5.1 verification string of info with the hash
// function named hashName ("sha-1", "sha-224", "sha-256", "sha-384",
// "sha-512"). Extended forms without a hidden FORM_TYPE are left out, as
// §5.4 says to ignore them. Information that §5.4 calls ill-formed gives
// ErrCapsIllFormed, so that no one can be made to compute a ver over it.
func Ver(info Info, hashName string) (string, error) {
	newHash, ok := hashes[hashName]
	if !ok {
		return "", ErrCapsHash
	}
	s, err := verInput(info)
	if err != nil {
		return "", err
	}
	h := newHash()
	h.Write([]byte(s))
	return base64.StdEncoding.EncodeToString(h.Sum(nil)), nil
}

// verInput builds the string S of §5.1.
func verInput(info Info) (string, error) {
	if err := checkUnique(info); err != nil {
		return "", err
	}
	forms, err := capsForms(info.Forms)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	ids := slices.Clone(info.Identities)
	slices.SortFunc(ids, compareIdentities)
	for _, id := range ids {
		b.WriteString(id.Category + "/" + id.Type + "/" + id.Lang + "/" + id.Name + "<")
	}
	features := slices.Clone(info.Features)
	slices.Sort(features)
	for _, f := range features {
		b.WriteString(f + "<")
	}
	for _, f := range forms {
		writeForm(&b, f)
	}
	return b.String(), nil
}

// checkUnique refuses duplicate identities and features (§5.4, steps 3.3 and 3.4).
func checkUnique(info Info) error {
	ids := make(map[Identity]struct{}, len(info.Identities))
	for _, id := range info.Identities {
		if _, dup := ids[id]; dup {
			return fmt.Errorf("%w: identity %s/%s given twice", ErrCapsIllFormed, id.Category, id.Type)
		}
		ids[id] = struct{}{}
	}
	vars := make(map[string]struct{}, len(info.Features))
	for _, v := range info.Features {
		if _, dup := vars[v]; dup {
			return fmt.Errorf("%w: feature given twice", ErrCapsIllFormed)
		}
		vars[v] = struct{}{}
	}
	return nil
}

// capsForm is an extended form as the verification string uses it.
type capsForm struct {
	formType string
	fields   []form.Field // without FORM_TYPE
}

// capsForms keeps the forms with a hidden FORM_TYPE, sorted by it, and
// refuses two forms of one type or a FORM_TYPE of several values (§5.4, step 3.5).
func capsForms(forms []form.Form) ([]capsForm, error) {
	var out []capsForm
	types := make(map[string]struct{}, len(forms))
	for _, f := range forms {
		ft, ok, err := hiddenFormType(f)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if _, dup := types[ft]; dup {
			return nil, fmt.Errorf("%w: two forms of type %q", ErrCapsIllFormed, ft)
		}
		types[ft] = struct{}{}
		fields := slices.DeleteFunc(slices.Clone(f.Fields), func(fl form.Field) bool { return fl.Var == form.FormTypeVar })
		out = append(out, capsForm{formType: ft, fields: fields})
	}
	slices.SortFunc(out, func(a, b capsForm) int { return strings.Compare(a.formType, b.formType) })
	return out, nil
}

// hiddenFormType returns the FORM_TYPE of f if it has one of type hidden.
func hiddenFormType(f form.Form) (string, bool, error) {
	fl, ok := f.Field(form.FormTypeVar)
	if !ok || fl.Type != form.Hidden || len(fl.Values) == 0 {
		return "", false, nil
	}
	for _, v := range fl.Values[1:] {
		if v != fl.Values[0] {
			return "", false, fmt.Errorf("%w: FORM_TYPE with several values", ErrCapsIllFormed)
		}
	}
	return fl.Values[0], true, nil
}

// writeForm appends a form to S: its type, then each field's var and
// sorted values, fields sorted by var.
func writeForm(b *strings.Builder, f capsForm) {
	b.WriteString(f.formType + "<")
	slices.SortStableFunc(f.fields, func(x, y form.Field) int { return strings.Compare(x.Var, y.Var) })
	for _, fl := range f.fields {
		b.WriteString(fl.Var + "<")
		values := slices.Clone(fl.Values)
		slices.Sort(values)
		for _, v := range values {
			b.WriteString(v + "<")
		}
	}
}
