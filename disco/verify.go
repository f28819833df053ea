package disco

import "errors"

// Errors of [Caps.Verify]: why a result may not be cached.
var (
	// ErrCapsNoHash: the <c/> had no hash attribute (legacy format).
	ErrCapsNoHash = errors.New("disco: caps without hash cannot be verified")
	// ErrCapsMismatch: the entity's information does not hash to the ver
	// it advertised.
	ErrCapsMismatch = errors.New("disco: caps ver does not match the entity's information")
)

// Verify checks that info, the disco#info answer of the entity that sent
// c, hashes to c.Ver (XEP-0115 §5.4). Only then may info be cached for
// every entity that advertises c. It fails with ErrCapsNoHash for the
// legacy format, ErrCapsHash for a hash function it does not support,
// ErrCapsIllFormed for duplicate identities, features or form types, and
// ErrCapsMismatch when the hashes differ.
func (c Caps) Verify(info Info) error {
	if c.Hash == "" {
		return ErrCapsNoHash
	}
	ver, err := Ver(info, c.Hash)
	if err != nil {
		return err
	}
	if ver != c.Ver {
		return ErrCapsMismatch
	}
	return nil
}
