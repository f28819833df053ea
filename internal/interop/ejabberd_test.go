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

// ejabberdFlavour runs ejabberd (Debian package ejabberd) in the foreground
// through a copy of Debian's ejabberdctl, patched to run as the current
// user and to exec the Erlang VM (so that the process started is the VM),
// with a configuration directory of its own; accounts are created through
// the HTTP API once it runs.
type ejabberdFlavour struct{}

func (ejabberdFlavour) binaries() []string { return []string{"ejabberdctl", "erl"} }

func (ejabberdFlavour) registersOffline() bool { return false }

func (ejabberdFlavour) websocketPath() string { return "/ws" }

func (ejabberdFlavour) logFiles(s *server) []string {
	logs := filepath.Join(s.dir, "logs")
	return []string{filepath.Join(logs, "ejabberd.log"), filepath.Join(logs, "error.log")}
}

// ctlPatches make Debian's ejabberdctl usable by the test: it hardcodes the
// user ejabberd (root would su to it and lose access to the test's
// directories; anyone else is refused), and it runs erl as a child of the
// shell, whose process id would then not be the server's.
var ctlPatches = []struct{ old, new string }{
	{"\nINSTALLUSER=ejabberd\n", "\nINSTALLUSER=\n"},
	{`as_current_user) "$@" ;;`, `as_current_user) exec "$@" ;;`},
}

func (f ejabberdFlavour) configure(s *server) (*exec.Cmd, error) {
	etc := filepath.Join(s.dir, "etc")
	for _, d := range []string{etc, filepath.Join(s.dir, "spool"), filepath.Join(s.dir, "logs"), filepath.Join(s.dir, "modules")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	certFile, keyFile, err := writePKI(filepath.Join(s.dir, "certs"))
	if err != nil {
		return nil, err
	}
	ctl, err := patchedCtl(filepath.Join(s.dir, "ejabberdctl"))
	if err != nil {
		return nil, err
	}
	data := map[string]any{
		"Dir": s.dir, "Domain": domain, "Addr": loopback, "Ports": s.ports.byName(),
		"Cert": certFile, "Key": keyFile, "Cookie": randomString(), "Node": "canto_" + randomString(),
		"Component": "component." + domain, "Secret": s.componentSecret,
	}
	files := map[string]*template.Template{"ejabberd.yml": ejabberdConfig, "ejabberdctl.cfg": ejabberdctlConfig, "inetrc": inetrc}
	for name, tmpl := range files {
		var b strings.Builder
		if err := tmpl.Execute(&b, data); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(etc, name), []byte(b.String()), 0o600); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command("/bin/bash", ctl, "--config-dir", etc, "foreground")
	cmd.Env = append(os.Environ(), "HOME="+s.dir)
	return cmd, nil
}

// patchedCtl writes the patched copy of ejabberdctl to path.
func patchedCtl(path string) (string, error) {
	orig, err := exec.LookPath("ejabberdctl")
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(orig)
	if err != nil {
		return "", err
	}
	script := string(b)
	for _, p := range ctlPatches {
		if !strings.Contains(script, p.old) {
			return "", fmt.Errorf("%s has changed: %q not found; update ctlPatches", orig, p.old)
		}
		script = strings.Replace(script, p.old, p.new, 1)
	}
	return path, os.WriteFile(path, []byte(script), 0o700)
}

func (ejabberdFlavour) register(ctx context.Context, s *server, user, password string) error {
	body := fmt.Sprintf(`{"user":%q,"host":%q,"password":%q}`, user, domain, password)
	status, reply, err := postJSON(ctx, "http://"+addr(s.ports.http)+"/api/register", body)
	if err != nil {
		return fmt.Errorf("registering %s: %w", user, err)
	}
	if status != 200 {
		return fmt.Errorf("registering %s: HTTP %d: %s", user, status, reply)
	}
	return nil
}

// ejabberdConfig is a minimal ejabberd 23.01 configuration: client
// connections with STARTTLS and direct TLS, WebSocket on HTTP and HTTPS,
// the HTTP API on plain HTTP, one external component, room archives (mod_mam
// with mam on in every room), all on 127.0.0.1, no federation, and
// none of Debian's defaults that get in a test's way (fail2ban, the 3000
// B/s shaper, the registration timeout, max_user_sessions).
// fast_yaml has no anchors or aliases: everything is spelled out.
//
// The archive is in Mnesia (Debian's ejabberd has no SQLite driver here),
// which ejabberd warns is not for production: one disk-only table keyed by
// account, where each message stored costs more as the account's archive
// grows. A test that sends hundreds of messages turns archiving
// off for accounts of its own (TestClientResumesUnderDrops).
var ejabberdConfig = template.Must(template.New("ejabberd.yml").Parse(`# written by Canto's interop tests
hosts:
  - "{{.Domain}}"
loglevel: info
log_rotate_count: 0
certfiles:
  - "{{.Cert}}"
  - "{{.Key}}"
auth_method: internal
auth_password_format: scram
disable_sasl_mechanisms:
  - "digest-md5"
  - "x-oauth2"
registration_timeout: infinity
s2s_access: none
listen:
  -
    port: {{.Ports.C2S}}
    ip: "{{.Addr}}"
    module: ejabberd_c2s
    starttls_required: true
    shaper: none
  -
    port: {{.Ports.DirectTLS}}
    ip: "{{.Addr}}"
    module: ejabberd_c2s
    tls: true
    shaper: none
  -
    port: {{.Ports.Component}}
    ip: "{{.Addr}}"
    module: ejabberd_service
    hosts:
      "{{.Component}}":
        password: "{{.Secret}}"
  -
    port: {{.Ports.HTTP}}
    ip: "{{.Addr}}"
    module: ejabberd_http
    request_handlers:
      /ws: ejabberd_http_ws
      /api: mod_http_api
      /upload: mod_http_upload
  -
    port: {{.Ports.HTTPS}}
    ip: "{{.Addr}}"
    module: ejabberd_http
    tls: true
    request_handlers:
      /ws: ejabberd_http_ws
acl:
  local:
    user_regexp: ""
  loopback:
    ip:
      - 127.0.0.0/8
access_rules:
  local:
    allow: local
  c2s:
    allow: all
api_permissions:
  "loopback api":
    from:
      - mod_http_api
    who:
      ip: 127.0.0.1/8
    what: "*"
modules:
  mod_blocking: {}
  mod_carboncopy: {}
  mod_privacy: {}
  mod_caps: {}
  mod_disco: {}
  mod_http_api: {}
  mod_http_upload:
    put_url: "http://{{.Addr}}:{{.Ports.HTTP}}/upload"
    docroot: "{{.Dir}}/upload"
    max_size: 1048576
  mod_mam: {default: always}
  mod_muc:
    host: "conference.@HOST@"
    default_room_options:
      mam: true
  mod_ping: {}
  mod_register: {}
  mod_private: {}
  mod_pubsub: {plugins: [flat, pep]}
  mod_roster:
    versioning: true
  mod_stream_mgmt: {}
  mod_time: {}
  mod_vcard: {}
  mod_version: {}
`))

// ejabberdctlConfig keeps the Erlang VM on loopback: with ERL_DIST_PORT set
// no epmd is started (it would listen on every address and outlive the
// server), and the distribution listener binds 127.0.0.1 only.
var ejabberdctlConfig = template.Must(template.New("ejabberdctl.cfg").Parse(`# written by Canto's interop tests
ERLANG_NODE={{.Node}}@localhost
ERL_DIST_PORT={{.Ports.Dist}}
ERL_OPTIONS="-setcookie {{.Cookie}} -kernel inet_dist_use_interface {127,0,0,1} -env ERL_CRASH_DUMP_BYTES 0"
SPOOL_DIR={{.Dir}}/spool
LOGS_DIR={{.Dir}}/logs
EJABBERD_CONFIG_PATH={{.Dir}}/etc/ejabberd.yml
EJABBERD_PID_PATH={{.Dir}}/ejabberd.pid
CONTRIB_MODULES_PATH={{.Dir}}/modules
EJABBERD_BYPASS_WARNINGS=true
`))

var inetrc = template.Must(template.New("inetrc").Parse(`{lookup,["file","native"]}.
{host,{127,0,0,1}, ["localhost"]}.
`))
