//go:build unix

package xmpp

import "syscall"

// tryRead makes one non-blocking read into p from the socket fd and returns
// how many bytes it got: 0 when it would block, at the end of the stream or
// on failure (the blocking read that follows then reports them).
func tryRead(fd uintptr, p []byte) int {
	for {
		n, err := syscall.Read(int(fd), p)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n < 0 {
			return 0
		}
		return n
	}
}
