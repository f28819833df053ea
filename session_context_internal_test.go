package xmpp

import "testing"

// TestEndContext checks the session's context, made when first asked for:
// asked before the end, it is cancelled by it; asked after, it comes
// cancelled already; ending twice is harmless.
func TestEndContext(t *testing.T) {
	var before endContext
	ctx := before.get()
	if ctx.Err() != nil || before.get() != ctx {
		t.Fatal("a context asked for before the end is not live, or not the same one")
	}
	before.end()
	before.end()
	if ctx.Err() == nil {
		t.Error("the end did not cancel the context asked for before it")
	}
	var after endContext
	after.end()
	if after.get().Err() == nil {
		t.Error("a context asked for after the end is not cancelled")
	}
}
