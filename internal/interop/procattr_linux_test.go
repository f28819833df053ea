package interop

import "syscall"

// procAttr puts the server in its own process group, away from the
// terminal's signals, and has the kernel stop it if the test binary dies
// without stopping it (a timeout panic, a kill).
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}
