package client

import (
	"context"
	"encoding/xml"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

var presenceName = xml.Name{Space: stanza.NSClient, Local: "presence"}

// keepAlive pings the server every Config.KeepAlive until s ends or ctx
// is done (nil), or until a ping goes unanswered for
// Config.KeepAliveTimeout (ErrDeadPeer).
func (c *Client) keepAlive(ctx context.Context, s *xmpp.Session) error {
	if c.cfg.KeepAlive < 0 {
		select {
		case <-ctx.Done():
		case <-s.Done():
		}
		return nil
	}
	t := time.NewTicker(c.cfg.KeepAlive)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.Done():
			return nil
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, c.cfg.KeepAliveTimeout)
		_, err := s.SendIQ(pctx, stanza.IQ{Type: stanza.GetIQ, ID: c.pingPrefix + stanza.NewID()}, ping.Ping{})
		expired := pctx.Err() != nil
		cancel()
		var se *stanza.Error
		switch {
		case err == nil, errors.As(err, &se):
			// An answer, even an error, proves the server is there.
		case ctx.Err() != nil:
			return nil
		case expired:
			select {
			case <-s.Done():
				return nil
			default:
				return ErrDeadPeer
			}
		}
	}
}

// withoutOwnPings removes from lost, what a Resumer reports an unresumed
// stream lost, the keep-alive pings this client sent itself: the program
// never sent them, and a ping is not worth sending again. They are told
// by the id prefix of this Client's keep-alive pings (stream management
// cannot tell them from the program's IQ requests: SendIQ writes both).
func (c *Client) withoutOwnPings(lost []*xmlstream.Element) []*xmlstream.Element {
	return slices.DeleteFunc(lost, func(el *xmlstream.Element) bool {
		if el.Name().Local != "iq" || el.Attr("type") != string(stanza.GetIQ) || !strings.HasPrefix(el.Attr("id"), c.pingPrefix) {
			return false
		}
		_, isPing := el.Child(ping.NS, "ping")
		return isPing
	})
}
