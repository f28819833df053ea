//go:build unix

package xmpp

import "syscall"

const tryWriteSupported = true

func rawWrite(fd uintptr, p []byte) (int, error) { return syscall.Write(int(fd), p) }
