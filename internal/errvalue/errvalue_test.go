package errvalue

import (
	"errors"
	"testing"

	"github.com/canto-im/xmpp/internal/leaktest"
)

func TestMain(m *testing.M) { leaktest.Main(m) }

type code struct{ n int }

func (c code) Error() string { return "code" }

func TestTarget(t *testing.T) {
	var nilPtr *code
	for _, tc := range []struct {
		name   string
		target error
		want   code
		ok     bool
	}{
		{"value", code{1}, code{1}, true},
		{"pointer", &code{2}, code{2}, true},
		{"nil pointer", nilPtr, code{}, false},
		{"other type", errors.New("x"), code{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Target[code](tc.target)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Target = %v, %v; want %v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestAs(t *testing.T) {
	var v code
	if !As(code{3}, &v) || v.n != 3 {
		t.Errorf("As(*T) gave %v", v)
	}
	var p *code
	if !As(code{4}, &p) || p == nil || p.n != 4 {
		t.Errorf("As(**T) gave %v", p)
	}
	var other error
	if As(code{5}, &other) {
		t.Error("As filled a target of another type")
	}
}
