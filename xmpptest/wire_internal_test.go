package xmpptest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/canto-im/xmpp/xmlstream"
)

// recorder is a testing.TB that records failures instead of reporting
// them, so that the checks of RunWire can be shown to fail.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	failed []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = append(r.failed, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// run runs f on a fresh recorder in its own goroutine, as Goexit needs.
func run(f func(tb testing.TB)) []string {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r.failed
}

// num is a wire type for the tests: <num xmlns='urn:test'>n</num>.
type num struct{ N int }

var errNum = errors.New("not a num")

func (n num) WriteXML(w xmlstream.Encoder) error {
	if n.N < 0 {
		return errNum
	}
	return xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		if err := w.Start(xmlName("urn:test", "num")); err != nil {
			return err
		}
		if err := w.Text(strconv.Itoa(n.N)); err != nil {
			return err
		}
		return w.End()
	}).WriteXML(w)
}

func parseNum(el *xmlstream.Element) (num, error) {
	n, err := strconv.Atoi(strings.TrimSpace(el.Text()))
	if err != nil || el.Name().Space != "urn:test" {
		return num{}, errNum
	}
	return num{n}, nil
}

// lossy parses every num as 0: its round trip fails.
func lossy(el *xmlstream.Element) (num, error) {
	_, err := parseNum(el)
	return num{}, err
}

func TestCheckWireFails(t *testing.T) {
	for _, tc := range []struct {
		name  string
		parse func(*xmlstream.Element) (num, error)
		c     WireCase[num]
		fails []string // what the failures say, in order
	}{
		{"passes", parseNum, WireCase[num]{XML: `<num xmlns='urn:test'>3</num>`, Value: num{3}}, nil},
		{"parse only passes", parseNum, WireCase[num]{XML: `<num xmlns='urn:test'> 3 </num>`, Value: num{3}, ParseOnly: true}, nil},
		{"expected parse error passes", parseNum, WireCase[num]{XML: `<num xmlns='urn:test'>x</num>`, WantErr: errNum}, nil},
		{"expected write error passes", parseNum, WireCase[num]{Value: num{-1}, WantErr: ErrAny}, nil},
		{"parse differs", parseNum, WireCase[num]{XML: `<num xmlns='urn:test'>3</num>`, Value: num{4}},
			[]string{"parse", "write"}},
		{"write differs", parseNum, WireCase[num]{XML: `<num xmlns='urn:test'> 3 </num>`, Value: num{3}},
			[]string{"write"}},
		{"round trip loses", lossy, WireCase[num]{XML: `<num xmlns='urn:test'>0</num>`, Value: num{0}}, nil},
		{"round trip loses a value", lossy, WireCase[num]{XML: `<num xmlns='urn:test'>3</num>`, Value: num{3}, ParseOnly: true},
			[]string{"parse", "round trip"}},
		{"parse error", parseNum, WireCase[num]{XML: `<num xmlns='urn:other'>3</num>`, Value: num{3}}, []string{"parse"}},
		{"missing parse error", parseNum, WireCase[num]{XML: `<num xmlns='urn:test'>3</num>`, WantErr: errNum}, []string{"parse"}},
		{"wrong error", parseNum, WireCase[num]{XML: `<num xmlns='urn:test'>x</num>`, WantErr: errors.New("other")}, []string{"parse"}},
		{"missing write error", parseNum, WireCase[num]{Value: num{1}, WantErr: ErrAny}, []string{"write"}},
		{"not XML", parseNum, WireCase[num]{XML: `<num`, Value: num{1}}, []string{"reading"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			failed := run(func(tb testing.TB) { checkWire(tb, tc.parse, tc.c) })
			if len(failed) != len(tc.fails) {
				t.Fatalf("failures %q, want %d starting %q", failed, len(tc.fails), tc.fails)
			}
			for i, f := range failed {
				if !strings.HasPrefix(f, tc.fails[i]) {
					t.Errorf("failure %d %q, want it to start %q", i, f, tc.fails[i])
				}
			}
		})
	}
}

func TestHelpersFailTheTest(t *testing.T) {
	for name, f := range map[string]func(tb testing.TB){
		"Element":   func(tb testing.TB) { Element(tb, `<a><b></a>`) },
		"ElementIn": func(tb testing.TB) { ElementIn(tb, "jabber:client", `<x:a/>`) },
		"Marshal":   func(tb testing.TB) { Marshal(tb, num{-1}) },
		"MarshalIn": func(tb testing.TB) { MarshalIn(tb, "jabber:client", num{-1}) },
	} {
		if failed := run(f); len(failed) != 1 {
			t.Errorf("%s: failures %q, want one", name, failed)
		}
	}
}

func xmlName(space, local string) xml.Name { return xml.Name{Space: space, Local: local} }

func TestPairFailsTheTest(t *testing.T) {
	failed := run(func(tb testing.TB) {
		Pair(tb, Options{Password: "secret", ClientPassword: "wrong", Mechanisms: []string{"PLAIN"}})
	})
	if len(failed) != 1 || !strings.Contains(failed[0], "negotiation") {
		t.Errorf("failures %q, want one about negotiation", failed)
	}
}
