//go:build !unix

package xmpp

import "errors"

// Elsewhere every flush goes to a writer goroutine.
const tryWriteSupported = false

func rawWrite(fd uintptr, p []byte) (int, error) { return 0, errors.ErrUnsupported }
