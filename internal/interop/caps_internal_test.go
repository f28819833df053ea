package interop

import "testing"

// TestCapabilities checks that only canto may lack a capability, and
// only those cantoNotYetServed lists.
func TestCapabilities(t *testing.T) {
	for c := capPEP; c <= capMUCVoice; c++ {
		if !prosody.has(c) || !ejabberd.has(c) {
			t.Errorf("%v: only canto may lack a capability", c)
		}
		if _, ok := capNames[c]; !ok {
			t.Errorf("capability %d has no name", int(c))
		}
	}
	for _, c := range cantoNotYetServed {
		if canto.has(c) {
			t.Errorf("canto has %v, which cantoNotYetServed lists", c)
		}
		if _, ok := refusals[c]; !ok {
			t.Errorf("canto lacks %v with no check of how it refuses it (refusals)", c)
		}
	}
}
