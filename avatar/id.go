package avatar

import (
	"crypto/sha1" //nolint:gosec // XEP-0084 §4.1 and XEP-0153 §4.3 name SHA-1 as the avatar ID.
	"encoding/hex"
	"errors"
	"strings"
)

// MaxDataSize is the largest image, in bytes, that Publish sends and that
// Fetch, FromVCard and ParseData accept. XEP-0084 §5 advises small images
// (recommending 64x64 pixels); the bound keeps a peer from costing
// unbounded memory.
const MaxDataSize = 256 << 10

// Errors of this package.
var (
	ErrTooLarge     = errors.New("avatar: image larger than MaxDataSize")
	ErrHashMismatch = errors.New("avatar: image does not match its SHA-1 ID")
	ErrNoAvatar     = errors.New("avatar: none published")
)

// ID returns the ID of an image: the lower-case hex SHA-1 of its bytes
// (XEP-0084 §4.1, XEP-0153 §4.3).
func ID(data []byte) string {
	sum := sha1.Sum(data) //nolint:gosec // see the import.
	return hex.EncodeToString(sum[:])
}

// Check reports whether data is the image the ID id names: its SHA-1 is
// compared case-insensitively, since the hex is written by a peer.
func Check(data []byte, id string) error {
	if len(data) > MaxDataSize {
		return ErrTooLarge
	}
	if !strings.EqualFold(ID(data), id) {
		return ErrHashMismatch
	}
	return nil
}
