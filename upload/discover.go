package upload

import (
	"context"
	"errors"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
)

// ErrNoService means the server lists no upload service.
var ErrNoService = errors.New("upload: no HTTP upload service found")

// ServiceInfo is an upload service found by [Discover].
type ServiceInfo struct {
	JID jid.JID
	// MaxFileSize is the largest file the service takes, in bytes; 0 if
	// it does not say.
	MaxFileSize int64
}

// maxFileSizeVar is the field of the service's XEP-0128 form (§3).
const maxFileSizeVar = "max-file-size"

// InfoOf reads what a disco#info answer says about an upload service:
// whether it is one (the feature, with an identity store/file or at
// least the feature), and its max-file-size.
func InfoOf(addr jid.JID, info disco.Info) (ServiceInfo, bool) {
	if !info.HasFeature(NS) {
		return ServiceInfo{}, false
	}
	si := ServiceInfo{JID: addr}
	if f, ok := info.Form(NS); ok {
		if fl, ok := f.Field(maxFileSizeVar); ok {
			if n, err := parseSize(fl.Value()); err == nil {
				si.MaxFileSize = n
			}
		}
	}
	return si, true
}

// Discover finds the upload service of domain (usually the account's
// server): the server itself if it advertises the feature, else the first
// of its disco#items that does (§3). Items that fail to answer are
// skipped; a cancelled ctx stops the walk.
func Discover(ctx context.Context, s *xmpp.Session, domain jid.JID) (ServiceInfo, error) {
	domain = domain.Domain()
	if info, err := disco.GetInfo(ctx, s, domain, ""); err == nil {
		if si, ok := InfoOf(domain, info); ok {
			return si, nil
		}
	} else if ctx.Err() != nil {
		return ServiceInfo{}, err
	}
	for it, err := range disco.Items(ctx, s, domain, "") {
		if err != nil {
			return ServiceInfo{}, err
		}
		if it.Node != "" {
			continue
		}
		info, err := disco.GetInfo(ctx, s, it.JID, "")
		if err != nil {
			if ctx.Err() != nil {
				return ServiceInfo{}, err
			}
			continue
		}
		if si, ok := InfoOf(it.JID, info); ok && info.HasIdentity("store", "file") {
			return si, nil
		}
	}
	return ServiceInfo{}, ErrNoService
}

// RequestSlot asks the service for a slot for the file req (§4). The
// service's refusals come back as [*FileTooLargeError], [*RetryError] or
// the [stanza.Error] (not-acceptable for a name or type it refuses).
func RequestSlot(ctx context.Context, s *xmpp.Session, service jid.JID, req Request) (Slot, error) {
	slot, err := xmpp.Request(ctx, s, stanza.IQ{Type: stanza.GetIQ, To: service}, req, SlotName, ParseSlot)
	if err != nil {
		return Slot{}, fromStanzaError(err)
	}
	return slot, nil
}
