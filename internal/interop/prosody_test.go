package interop

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"
)

// prosodyFlavour runs Prosody (Debian package prosody) in the foreground
// with `prosody -F --config FILE`; accounts are created beforehand with
// `prosodyctl --config FILE register`, which writes the data files
// directly.
type prosodyFlavour struct{}

func (prosodyFlavour) binaries() []string { return []string{"prosody", "prosodyctl"} }

func (prosodyFlavour) registersOffline() bool { return true }

func (prosodyFlavour) websocketPath() string { return "/xmpp-websocket" }

func (prosodyFlavour) logFiles(s *server) []string {
	return []string{filepath.Join(s.dir, "prosody.log")}
}

func (prosodyFlavour) configFile(s *server) string { return filepath.Join(s.dir, "prosody.cfg.lua") }

func (f prosodyFlavour) configure(s *server) (*exec.Cmd, error) {
	certFile, keyFile, err := writePKI(filepath.Join(s.dir, "certs"))
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	err = prosodyConfig.Execute(&b, map[string]any{
		"Root": os.Getuid() == 0, "Dir": s.dir, "Domain": domain, "Addr": loopback, "Ports": s.ports.byName(),
		"Cert": certFile, "Key": keyFile, "CertDir": filepath.Dir(certFile),
		"Component": "component." + domain, "Secret": s.componentSecret,
	})
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(f.configFile(s), []byte(b.String()), 0o600); err != nil {
		return nil, err
	}
	return exec.Command("prosody", "-F", "--config", f.configFile(s)), nil
}

func (f prosodyFlavour) register(ctx context.Context, s *server, user, password string) error {
	out, err := exec.CommandContext(ctx, "prosodyctl", "--config", f.configFile(s),
		"register", user, domain, password).CombinedOutput()
	if err != nil {
		return fmt.Errorf("prosodyctl register %s: %w: %s", user, err, out)
	}
	return nil
}

// prosodyConfig is a minimal Prosody 0.12 configuration: client
// connections with STARTTLS and direct TLS, WebSocket on HTTP and HTTPS, one
// external component, room archives (mod_muc_mam, on by default in every
// room), room registration open to unaffiliated users (XEP-0045 §7.10),
// a XEP-0060 service at pubsub.DOMAIN where alice may create nodes
// (ejabberd's mod_pubsub has one there by default), nothing on any address but 127.0.0.1, no federation.
var prosodyConfig = template.Must(template.New("prosody").Parse(`-- written by Canto's interop tests
{{if .Root}}run_as_root = true
{{end}}pidfile = "{{.Dir}}/prosody.pid"
data_path = "{{.Dir}}/data"
log = { { levels = { min = "info" }, to = "file", filename = "{{.Dir}}/prosody.log" } }

interfaces = { "{{.Addr}}" }
local_interfaces = { "{{.Addr}}" }
component_interfaces = { "{{.Addr}}" }
http_interfaces = { "{{.Addr}}" }
https_interfaces = { "{{.Addr}}" }
c2s_ports = { {{.Ports.C2S}} }
c2s_direct_tls_ports = { {{.Ports.DirectTLS}} }
component_ports = { {{.Ports.Component}} }
http_ports = { {{.Ports.HTTP}} }
https_ports = { {{.Ports.HTTPS}} }
s2s_ports = { }
modules_disabled = { "s2s" }

certificates = "{{.CertDir}}"
ssl = { certificate = "{{.Cert}}"; key = "{{.Key}}" }
https_ssl = { certificate = "{{.Cert}}"; key = "{{.Key}}" }
authentication = "internal_hashed"
c2s_require_encryption = true
consider_websocket_secure = true

modules_enabled = {
	"roster"; "saslauth"; "tls"; "disco"; "ping"; "version"; "time";
	"websocket"; "posix";
	"carbons"; "blocklist"; "pep"; "private"; "bookmarks";
	"vcard";
	"mam";
	"smacks";
	"register";
}
default_archive_policy = true
allow_registration = true

VirtualHost "{{.Domain}}"

Component "conference.{{.Domain}}" "muc"
	modules_enabled = { "muc_mam" }
	allow_unaffiliated_register = true

Component "pubsub.{{.Domain}}" "pubsub"
	admins = { "alice@{{.Domain}}" }

Component "{{.Component}}"
	component_secret = "{{.Secret}}"

Component "upload.{{.Domain}}" "http_file_share"
	http_file_share_size_limit = 1048576
	http_host = "{{.Addr}}"
	http_external_url = "http://{{.Addr}}:{{.Ports.HTTP}}/"
`))
