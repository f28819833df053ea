package xmpp

// negotiationFrame is the stack a session's negotiation takes on the
// goroutine that runs it, short of what it already used: with it, a fresh
// goroutine's stack (2 KiB) grows at once to the 8 KiB that negotiation
// over net.Pipe or TCP reaches (BenchmarkSetupPipe's receiving side grew
// 2 KiB → 4 KiB → 8 KiB).
const negotiationFrame = 4 << 10

// growStack makes the runtime grow the calling goroutine's stack, when it
// must, now, while the stack is shallow, instead of during negotiation.
// Go grows a stack by copying it, adjusting every frame on it, so a
// growth deep in negotiation (reading the stream header, twenty frames
// down) costs several times one at the start; on a server every
// connection's goroutine starts small and negotiates. A goroutine whose
// stack is already large pays only the clearing of the frame.
//
//go:noinline
func growStack() {
	var frame [negotiationFrame]byte
	keepFrame(frame[:])
}

// keepFrame keeps growStack's frame from being optimised away.
//
//go:noinline
func keepFrame([]byte) {}
