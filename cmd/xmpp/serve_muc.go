package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/server"
	"github.com/canto-im/xmpp/server/store"
	"github.com/canto-im/xmpp/server/store/sqlite"
)

// mucDomainTemplate is -muc's default: DOMAIN stands for -domain.
const mucDomainTemplate = "conference.DOMAIN"

// mucDomain is the group chat service's domain for -muc and -domain, or
// "" for none.
func mucDomain(flag, domain string) string {
	return strings.Replace(flag, "DOMAIN", domain, 1)
}

// roomStorer is a -data store that keeps rooms too.
type roomStorer interface {
	RoomStore(ctx context.Context) (*sqlite.RoomStore, error)
}

// mountMUC serves XEP-0045 group chat on domain, in the server's process.
// Persistent rooms and room archives are kept in st when it can keep
// them (-data), in memory otherwise. New rooms keep an archive
// (XEP-0313), as Prosody's and ejabberd's do by default.
func mountMUC(ctx context.Context, srv *server.Server, domain string, st store.Store, log *slog.Logger) error {
	if domain == "" {
		return nil
	}
	cfg := muc.ServiceConfig{Logger: log, DefaultRoom: muc.RoomConfig{Archive: true}}
	if rs, ok := st.(roomStorer); ok {
		rooms, err := rs.RoomStore(ctx)
		if err != nil {
			return fmt.Errorf("-muc: %w", err)
		}
		cfg.Store = rooms
	}
	svc := muc.NewService(cfg)
	if err := srv.Mount(domain, svc); err != nil {
		return fmt.Errorf("-muc: %w", err)
	}
	return nil
}
