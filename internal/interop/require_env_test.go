package interop

import "testing"

func TestInteropRequired(t *testing.T) {
	tests := []struct {
		ci, require string
		want        bool
	}{
		{"", "", false},
		{"true", "", true},
		{"1", "", true},
		{"", "1", true},
		{"false", "", false},
		{"0", "no", false},
		{" FALSE ", "yes", true},
	}
	for _, tt := range tests {
		t.Setenv("CI", tt.ci)
		t.Setenv("CANTO_REQUIRE_INTEROP", tt.require)
		if got := interopRequired(); got != tt.want {
			t.Errorf("CI=%q CANTO_REQUIRE_INTEROP=%q: required %v, want %v", tt.ci, tt.require, got, tt.want)
		}
	}
}
