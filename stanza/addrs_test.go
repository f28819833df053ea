package stanza_test

import (
	"errors"
	"testing"
	"unsafe"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xmpptest"
)

// TestAddrsParseHeader holds Addrs.ParseHeader, and ParseHeaderInto into
// one Header again and again, to ParseHeader over a stream whose addresses
// repeat, change, differ only in case and go bad.
func TestAddrsParseHeader(t *testing.T) {
	stream := []string{
		`<iq xmlns='jabber:client' type='result' id='1' to='a@example.net/r' from='example.net'/>`,
		`<iq xmlns='jabber:client' type='result' id='2' to='a@example.net/r' from='example.net'/>`,
		`<iq xmlns='jabber:client' type='result' id='3' to='a@example.net/r' from='example.net'/>`,
		`<message xmlns='jabber:client' to='a@example.net/r' from='B@Example.org/x'/>`,
		`<message xmlns='jabber:client' to='a@example.net/r' from='B@Example.org/x'/>`,
		`<message xmlns='jabber:client' to='a@example.net/r' from='B@Example.org/x'/>`,
		`<message xmlns='jabber:client' to='a@example.net/r' from='b@example.org/x'/>`,
		`<message xmlns='jabber:client' to='a@example.net/r' from='bad@@'/>`,
		`<message xmlns='jabber:client' to='' from='B@Example.org/x'/>`,
		`<message xmlns='jabber:client' to='c@example.net'/>`,
		`<message xmlns='jabber:client' to='a@example.net/r' from='B@Example.org/x'/>`,
		`<presence xmlns='jabber:client'/>`,
		`<message xmlns='jabber:client' to='a@example.net/r'/>`,
		`<r xmlns='urn:xmpp:sm:3'/>`,
		`<iq xmlns='jabber:client' type='get' id='4' to='a@example.net/r' from='example.net'/>`,
		`<iq xmlns='jabber:client' type='get' id='5'/>`,
		`<message xmlns='jabber:client' to='a@example.net/r' from='bad@@'/>`,
	}
	var a, b stanza.Addrs
	var into stanza.Header
	for i, in := range stream {
		el := xmpptest.Element(t, in)
		want, wantErr := stanza.ParseHeader(el)
		got, err := a.ParseHeader(el)
		if got != want || !sameError(err, wantErr) {
			t.Errorf("stanza %d: got %+v, %v; want %+v, %v", i, got, err, want, wantErr)
		}
		err = b.ParseHeaderInto(el, &into)
		if into != want || !sameError(err, wantErr) {
			t.Errorf("stanza %d into a used Header: got %+v, %v; want %+v, %v", i, into, err, want, wantErr)
		}
	}
}

func sameError(a, b error) bool {
	var ea, eb *stanza.Error
	if errors.As(a, &ea) && errors.As(b, &eb) {
		return ea.Type == eb.Type && ea.Condition == eb.Condition && ea.Text == eb.Text
	}
	return a == b
}

// TestAddrsOwnCopy checks that a remembered address is a copy: the JID a
// later stanza gets does not point into the element it was first read
// from, which it would otherwise keep alive.
func TestAddrsOwnCopy(t *testing.T) {
	const in = `<iq xmlns='jabber:client' type='result' id='1' to='a@example.net/r'/>`
	var a stanza.Addrs
	var els []*xmlstream.Element
	for range 3 {
		el := xmpptest.Element(t, in)
		els = append(els, el)
		if _, err := a.ParseHeader(el); err != nil {
			t.Fatal(err)
		}
	}
	h, err := a.ParseHeader(xmpptest.Element(t, in))
	if err != nil {
		t.Fatal(err)
	}
	got := unsafe.StringData(h.To.String())
	for i, el := range els {
		if got == unsafe.StringData(el.Attr("to")) {
			t.Errorf("the remembered address shares element %d's storage", i)
		}
	}
}

// TestAddrsAllocs checks that addresses that never repeat cost no
// allocation beyond ParseHeader's, and that a repeated one costs none.
func TestAddrsAllocs(t *testing.T) {
	x := xmpptest.Element(t, `<message xmlns='jabber:client' to='a@example.net/r' from='b@example.org'/>`)
	y := xmpptest.Element(t, `<message xmlns='jabber:client' to='c@example.net/r' from='d@example.org'/>`)
	var a stanza.Addrs
	plain := testing.AllocsPerRun(100, func() {
		_, _ = stanza.ParseHeader(x)
		_, _ = stanza.ParseHeader(y)
	})
	alternating := testing.AllocsPerRun(100, func() {
		_, _ = a.ParseHeader(x)
		_, _ = a.ParseHeader(y)
	})
	if alternating > plain {
		t.Errorf("alternating addresses: %v allocations, ParseHeader %v", alternating, plain)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = a.ParseHeader(x) }); n != 0 {
		t.Errorf("a repeated address: %v allocations, want 0", n)
	}
}
