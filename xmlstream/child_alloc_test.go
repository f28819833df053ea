package xmlstream

import "testing"

// TestChildViewNotKept checks that a view from Child that the caller does
// not keep is not allocated (Child is inlined, so the view lives in the
// caller's frame), and that it reads the same as before. Session set-up
// reads resource binding's <bind/> and <jid/> this way, and stanza
// handlers their payloads.
func TestChildViewNotKept(t *testing.T) {
	el := readOne(t, sampleStanza)
	tests := []struct {
		space, local string
		ok           bool
		text         string
	}{
		{"jabber:client", "body", true, "hi & bye"},
		{"urn:x", "x", true, "tu"},
		{"urn:x", "y", false, ""}, // a grandchild is not a child
		{"jabber:client", "subject", false, ""},
	}
	for _, tt := range tests {
		c, ok := el.Child(tt.space, tt.local)
		if ok != tt.ok {
			t.Fatalf("Child(%q, %q) found %v, want %v", tt.space, tt.local, ok, tt.ok)
		}
		if ok && c.Text() != tt.text {
			t.Errorf("Child(%q, %q).Text() = %q, want %q", tt.space, tt.local, c.Text(), tt.text)
		}
	}
	if raceEnabled {
		return // the race detector's instrumentation allocates
	}
	var sink string
	allocs := testing.AllocsPerRun(100, func() {
		if x, ok := el.Child("urn:x", "x"); ok {
			if z, ok := x.Child("urn:x", "z"); ok {
				sink = z.Text()
			}
		}
	})
	if allocs != 0 {
		t.Errorf("Child views not kept: %v allocations, want 0", allocs)
	}
	if sink != "no" {
		t.Errorf("nested Child text %q, want %q", sink, "no")
	}
}
