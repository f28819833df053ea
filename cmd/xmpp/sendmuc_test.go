package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmpptest"
)

// fakeMUCServer is a scripted direct-TLS server that logs alice in and
// plays the room coven@chat.localhost: it answers the join with the
// self-presence, records the groupchat body and acknowledges the leave.
// The body, or the script's error, comes out of the returned channel.
func fakeMUCServer(t *testing.T) (addr, ca string, got <-chan string) {
	t.Helper()
	out := make(chan string, 1)
	addr, ca = scriptedServer(t, func(p *xmpptest.Peer) {
		if p == nil {
			out <- "script: no login"
			return
		}
		var body string
		const self = `<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='none' role='participant'/><status code='110'/></x>`
		steps := []func() error{
			func() error {
				el, err := p.Expect("jabber:client", "presence")
				if err != nil {
					return err
				}
				if el.Attr("to") != "coven@chat.localhost/witch" {
					return errors.New("join sent to " + el.Attr("to"))
				}
				if _, ok := el.Child("http://jabber.org/protocol/muc", "x"); !ok {
					return errors.New("join without <x/>")
				}
				return p.Write(`<presence from='coven@chat.localhost/witch' to='alice@localhost/x'>` + self + `</presence>`)
			},
			func() error {
				el, err := p.Expect("jabber:client", "message")
				if err != nil {
					return err
				}
				if el.Attr("type") != "groupchat" || el.Attr("to") != "coven@chat.localhost" {
					return errors.New("message is not groupchat to the room")
				}
				b, _ := el.Child("jabber:client", "body")
				body = b.Text()
				return nil
			},
			func() error {
				el, err := p.Expect("jabber:client", "presence")
				if err != nil {
					return err
				}
				if el.Attr("type") != "unavailable" {
					return errors.New("no leave")
				}
				return p.Write(`<presence type='unavailable' from='coven@chat.localhost/witch' to='alice@localhost/x'>` + self + `</presence>`)
			},
		}
		for _, step := range steps {
			if err := step(); err != nil {
				out <- "script: " + err.Error()
				return
			}
		}
		out <- body
		_, _ = p.Read() // until the client closes
		_ = p.Write(stream.CloseTag)
	})
	return addr, ca, out
}

func TestSendMUC(t *testing.T) {
	addr, ca, got := fakeMUCServer(t)
	r := runCmd(t, "", "send", "-jid", "alice@localhost", "-password", "x", "-server", addr, "-direct-tls", "-ca", ca, "-timeout", "5s",
		"-muc", "coven@chat.localhost", "-nick", "witch", "by", "the", "pricking")
	if r.code != exitOK {
		t.Errorf("exit %d, stderr %s", r.code, r.stderr)
	}
	if b := <-got; b != "by the pricking" {
		t.Errorf("the room got %q", b)
	}
}

func TestSendMUCBadRoom(t *testing.T) {
	for _, room := range []string{"chat.localhost", "coven@chat.localhost/nick", "@"} {
		r := runCmd(t, "", "send", "-jid", "alice@localhost", "-password", "x", "-muc", room, "hi")
		if r.code == exitOK || !strings.Contains(r.stderr, "-muc") {
			t.Errorf("%s: exit %d, stderr %s", room, r.code, r.stderr)
		}
	}
}
