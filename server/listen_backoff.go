package server

import (
	"errors"
	"net"
	"syscall"
	"time"
)

// Accept back-off: after a failed Accept the loop waits minAcceptBackoff,
// doubling up to maxAcceptBackoff while failures go on (as net/http does),
// so that a process out of descriptors neither spins nor stops listening.
const (
	minAcceptBackoff = 5 * time.Millisecond
	maxAcceptBackoff = time.Second
)

// nextBackoff returns the wait after a failure that followed a wait of d.
func nextBackoff(d time.Duration) time.Duration {
	return min(max(2*d, minAcceptBackoff), maxAcceptBackoff)
}

// retryableAccept reports whether an Accept error is passing: the process
// or system is out of descriptors, buffers or memory, or the connection
// died before it was accepted. Such errors end when other connections
// close; stopping the loop on them would leave the listener dead for good.
// A closed listener is not retryable.
func retryableAccept(err error) bool {
	if errors.Is(err, net.ErrClosed) {
		return false
	}
	var temp interface{ Temporary() bool }
	var timeout interface{ Timeout() bool }
	switch {
	case errors.As(err, &timeout) && timeout.Timeout():
		return true
	case errors.As(err, &temp) && temp.Temporary():
		// EMFILE, ENFILE, ECONNABORTED, ECONNRESET, EINTR, EAGAIN.
		return true
	}
	for _, e := range []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM,
		syscall.ECONNABORTED, syscall.ECONNRESET, syscall.EPERM, syscall.EPROTO} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
