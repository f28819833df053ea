package main

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/canto-im/xmpp/muc"
	"github.com/canto-im/xmpp/server"
)

// mucDomainTemplate is -muc's default: DOMAIN stands for -domain.
const mucDomainTemplate = "conference.DOMAIN"

// mucDomain is the group chat service's domain for -muc and -domain, or
// "" for none.
func mucDomain(flag, domain string) string {
	return strings.Replace(flag, "DOMAIN", domain, 1)
}

// mountMUC serves XEP-0045 group chat on domain, in the server's process
// (rooms and their archives in memory). New rooms keep an archive
// (XEP-0313), as Prosody's and ejabberd's do by default.
func mountMUC(srv *server.Server, domain string, log *slog.Logger) error {
	if domain == "" {
		return nil
	}
	svc := muc.NewService(muc.ServiceConfig{Logger: log, DefaultRoom: muc.RoomConfig{Archive: true}})
	if err := srv.Mount(domain, svc); err != nil {
		return fmt.Errorf("-muc: %w", err)
	}
	return nil
}
