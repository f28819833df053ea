//go:build !linux

package interop

import "syscall"

// procAttr returns nil: the servers are Debian packages, and only Linux
// has a parent-death signal.
func procAttr() *syscall.SysProcAttr { return nil }
