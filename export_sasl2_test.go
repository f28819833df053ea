package xmpp

import (
	"errors"
	"io"
)

// RawLogForTest returns the writer side of a raw log on w.
func RawLogForTest(w io.Writer) io.Writer { return newRawLog(w).writer() }

// LockedBufferForTest is a buffer safe to write from several goroutines,
// such as a session's raw log.
type LockedBufferForTest = lockedBuffer

// FASTOfferRoundTripForTest decodes a remembered offer and, when it is
// readable, encodes it again; it returns the names of the features both
// times.
func FASTOfferRoundTripForTest(b []byte) (first, again []string, err error) {
	f, err := decodeFASTOffer(FASTOffer{Features: b})
	if err != nil {
		return nil, nil, err
	}
	o, ok := encodeFASTOffer(f)
	if !ok {
		return nil, nil, errors.New("not encoded")
	}
	g, err := decodeFASTOffer(o)
	if err != nil {
		return nil, nil, err
	}
	for _, n := range f.Names() {
		first = append(first, n.Space+" "+n.Local)
	}
	for _, n := range g.Names() {
		again = append(again, n.Space+" "+n.Local)
	}
	return first, again, nil
}
