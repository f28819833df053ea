//go:build unix

package xmpp

import "syscall"

// tryWrite makes one non-blocking write of p on the socket fd and returns
// how many bytes it took: 0 when it would block or failed (the writer
// goroutine then writes the rest and reports the failure).
func tryWrite(fd uintptr, p []byte) int {
	for {
		n, err := syscall.Write(int(fd), p)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n < 0 {
			return 0
		}
		return n
	}
}
