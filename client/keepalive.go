package client

import (
	"context"
	"encoding/xml"
	"errors"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/ping"
	"github.com/canto-im/xmpp/stanza"
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
		_, err := ping.Send(pctx, s, jid.JID{})
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
