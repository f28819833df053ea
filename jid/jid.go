package jid

// JID is a normalised XMPP address. The zero value is the empty JID, which
// names nothing (see IsZero).
//
// A JID is a small value: copy it freely. It is comparable, so == and map
// keys work, and two JIDs built from inputs that normalise the same way are
// ==. A JID is immutable and safe for concurrent use.
type JID struct {
	full     string // normalised "local@domain/resource"
	localLen uint16 // octets of the localpart; 0 when there is none
	bareLen  uint16 // octets of "local@domain"
}

// MustParse is like Parse but panics if s is not a valid JID. It is meant for
// constants in programs and tests.
func MustParse(s string) JID {
	j, err := Parse(s)
	if err != nil {
		panic("jid: MustParse(" + quote(s) + "): " + err.Error())
	}
	return j
}

// Localpart returns the normalised localpart, or "" if there is none.
func (j JID) Localpart() string { return j.full[:j.localLen] }

// Domainpart returns the normalised domainpart; it is "" only for the zero
// JID.
func (j JID) Domainpart() string { return j.full[j.domainStart():j.bareLen] }

// Resourcepart returns the resourcepart, or "" if there is none.
func (j JID) Resourcepart() string {
	if len(j.full) == int(j.bareLen) {
		return ""
	}
	return j.full[j.bareLen+1:]
}

// Bare returns j without its resourcepart.
func (j JID) Bare() JID {
	return JID{full: j.full[:j.bareLen], localLen: j.localLen, bareLen: j.bareLen}
}

// Domain returns the JID made of j's domainpart alone.
func (j JID) Domain() JID {
	d := j.Domainpart()
	return JID{full: d, bareLen: uint16(len(d))}
}

// String returns the normalised JID, "" for the zero JID. It does not
// allocate.
func (j JID) String() string { return j.full }

// Equal reports whether j and o are the same address. It is the same as ==.
func (j JID) Equal(o JID) bool { return j == o }

// IsZero reports whether j is the zero JID.
func (j JID) IsZero() bool { return j.full == "" }

func (j JID) domainStart() int {
	if j.localLen == 0 {
		return 0
	}
	return int(j.localLen) + 1
}

// assemble builds the JID from normalised parts; local and resource may be
// empty (absent), domain may not.
func assemble(local, domain, resource string) JID {
	j := JID{localLen: uint16(len(local))}
	switch {
	case local == "" && resource == "":
		j.full = domain
	case resource == "":
		j.full = local + "@" + domain
	case local == "":
		j.full = domain + "/" + resource
	default:
		j.full = local + "@" + domain + "/" + resource
	}
	j.bareLen = uint16(j.domainStart() + len(domain))
	return j
}
