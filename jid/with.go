package jid

// WithLocal returns j with its localpart replaced by local, which is
// validated and normalised as by New ("" for none). j's domainpart and
// resourcepart, normalised when j was made, are not prepared again: this
// is New(local, j.Domainpart(), j.Resourcepart()) without re-checking
// what is known valid, such as the server's own domain when a client
// authenticates. The zero JID has no domainpart, so it gives an error.
func (j JID) WithLocal(local string) (JID, error) {
	if j.IsZero() {
		return JID{}, domainErr(ErrEmpty)
	}
	l, err := prepLocal(local, true)
	if err != nil {
		return JID{}, err
	}
	return assemble(l, j.Domainpart(), j.Resourcepart()), nil
}

// WithResource returns j with its resourcepart replaced by resource, which
// is validated and normalised as by New ("" for none). j's localpart and
// domainpart are not prepared again: this is New(j.Localpart(),
// j.Domainpart(), resource) without re-checking what is known valid, such
// as the bare JID a client authenticated as when its resource is bound.
// The zero JID has no domainpart, so it gives an error.
func (j JID) WithResource(resource string) (JID, error) {
	if j.IsZero() {
		return JID{}, domainErr(ErrEmpty)
	}
	r, err := prepResource(resource, true)
	if err != nil {
		return JID{}, err
	}
	if r == "" {
		return j.Bare(), nil
	}
	return JID{full: j.full[:j.bareLen] + "/" + r, localLen: j.localLen, bareLen: j.bareLen}, nil
}
