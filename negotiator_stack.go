package xmpp

// negotiationStack is about the stack a session's set-up takes below its
// constructor: the receiving side's calls from reading a stream header down
// to the transport's read go some 4 KiB deeper.
const negotiationStack = 4 << 10

// growStack makes the calling goroutine's stack large enough for a
// negotiation at once. A goroutine starts with a small stack (2 KiB, or
// what the runtime learned is typical) and the runtime copies it to one
// twice the size whenever a call needs more; a server typically runs each
// connection's negotiation on a new goroutine, whose stack would otherwise
// be copied in the middle of reading the first stream header, frames of the
// negotiator, the decoder and the transport and all, costing more than the
// rest of reading that header, after a first copy when the session is
// made. The constructors grow it here, once, while their caller's frame is
// all there is to copy; on a goroutine whose stack is already that large
// it costs a call and clearing the frame.
//
//go:noinline
func growStack() {
	var frame [negotiationStack]byte
	keepFrame(&frame)
}

// keepFrame keeps growStack's frame from being optimised away.
//
//go:noinline
func keepFrame(*[negotiationStack]byte) {}
