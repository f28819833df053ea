package interop

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"time"
)

// loopback is the only address the servers listen on.
const loopback = "127.0.0.1"

// freePorts returns n distinct TCP ports that were free on the loopback
// address a moment ago: it holds n listeners open at once, so the ports
// differ, then closes them for the server to take.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			_ = ln.Close()
		}
	}()
	for range n {
		ln, err := net.Listen("tcp", net.JoinHostPort(loopback, "0"))
		if err != nil {
			return nil, err
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// addr is the loopback address of port.
func addr(port int) string { return net.JoinHostPort(loopback, strconv.Itoa(port)) }

// waitListening polls until every port accepts connections, the process
// exits (exited is closed) or ctx ends.
func waitListening(ctx context.Context, exited <-chan struct{}, ports ...int) error {
	for _, p := range ports {
		for {
			c, err := net.DialTimeout("tcp", addr(p), time.Second)
			if err == nil {
				_ = c.Close()
				break
			}
			select {
			case <-exited:
				return fmt.Errorf("the server exited before port %d was open", p)
			case <-ctx.Done():
				return fmt.Errorf("port %d not open: %w", p, ctx.Err())
			case <-time.After(25 * time.Millisecond):
			}
		}
	}
	return nil
}
