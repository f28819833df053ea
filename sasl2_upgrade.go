package xmpp

import (
	"context"
	"crypto"
	"crypto/rand"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/canto-im/xmpp/sasl"
	"github.com/canto-im/xmpp/xmlstream"
)

// Namespaces of SASL mechanism upgrades (XEP-0480).
const (
	NSSASLUpgrade  = "urn:xmpp:sasl:upgrade:0"
	NSSCRAMUpgrade = "urn:xmpp:scram-upgrade:0"
)

// The SCRAM upgrade tasks of XEP-0480 §3.
const (
	UpgradeSCRAMSHA256 = "UPGR-SCRAM-SHA-256"
	UpgradeSCRAMSHA512 = "UPGR-SCRAM-SHA-512"
)

// upgradeHash returns the SCRAM hash of an upgrade task.
func upgradeHash(task string) (crypto.Hash, bool) {
	switch task {
	case UpgradeSCRAMSHA256:
		return crypto.SHA256, true
	case UpgradeSCRAMSHA512:
		return crypto.SHA512, true
	}
	return 0, false
}

var upgradeName = xml.Name{Space: NSSASLUpgrade, Local: "upgrade"}

// upgradeRequest is an <upgrade/> element: the server's offer in
// <authentication/>, or the client's request in <authenticate/>.
type upgradeRequest string

func (u upgradeRequest) WriteXML(w xmlstream.Encoder) error {
	return w.TextElement(upgradeName, string(u))
}

// offeredUpgrades lists the <upgrade/> children of el.
func offeredUpgrades(el *xmlstream.Element) []string {
	var out []string
	for c := range el.Children() {
		if c.Name() == upgradeName {
			out = append(out, strings.TrimSpace(c.Text()))
		}
	}
	return out
}

// ScramUpgrade lets a server ask clients for SCRAM credentials it lacks
// (XEP-0480): a client that authenticated with PLAIN or SCRAM-SHA-1 and
// requested the task sends its SaltedPassword for SHA-256 or SHA-512.
type ScramUpgrade struct {
	// Needs reports whether the account lacks credentials for hash h.
	Needs func(username string, h crypto.Hash) bool
	// Store keeps the new credentials.
	Store func(username string, h crypto.Hash, c sasl.ScramCredentials) error
	// Iterations is the PBKDF2 iteration count of new credentials; zero
	// means sasl.DefaultIterations.
	Iterations int
}

// taskData wraps a task's element in <task-data/>.
type taskData struct{ m xmlstream.Marshaler }

func (t taskData) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(sasl2Name("task-data")); err != nil {
		return err
	}
	if err := t.m.WriteXML(w); err != nil {
		return err
	}
	return w.End()
}

// base64Element writes name with base64 content and attributes.
type base64Element struct {
	name  xml.Name
	data  []byte
	attrs []xml.Attr
}

func (b base64Element) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(b.name, b.attrs...); err != nil {
		return err
	}
	if err := w.Text(base64.StdEncoding.EncodeToString(b.data)); err != nil {
		return err
	}
	return w.End()
}

// runTask performs the task a <continue/> asks for: the client's side
// of an XEP-0480 SCRAM upgrade. Any other task is aborted.
func (f sasl2Client) runTask(ctx context.Context, n *Negotiation, cont *xmlstream.Element) (string, error) {
	var task string
	for _, t := range parseTasks(cont) {
		if f.wantsUpgrade(t) {
			task = t
			break
		}
	}
	if task == "" {
		_ = n.Send(ctx, xmlstream.EmptyElement{Name: sasl2Name("abort")})
		return "", fmt.Errorf("xmpp: SASL2: the server asks for tasks %q, which this client does not perform", parseTasks(cont))
	}
	h, _ := upgradeHash(task)
	next := xmlstream.MarshalerFunc(func(w xmlstream.Encoder) error {
		return w.EmptyElement(sasl2Name("next"), xml.Attr{Name: xml.Name{Local: "task"}, Value: task})
	})
	if err := n.Send(ctx, next); err != nil {
		return "", err
	}
	el, err := n.Read(ctx)
	if err != nil {
		return "", err
	}
	if el.Name() == sasl2Name("failure") {
		return "", parseSASL2Failure(el)
	}
	salt, iterations, err := parseUpgradeSalt(el)
	if err != nil {
		return "", err
	}
	cfg := f.cfg.SASL
	salted, err := sasl.SaltedPassword(h, cfg.Password, salt, iterations, cfg)
	if err != nil {
		_ = n.Send(ctx, xmlstream.EmptyElement{Name: sasl2Name("abort")})
		return "", fmt.Errorf("xmpp: SASL2 %s: %w", task, err)
	}
	hash := base64Element{name: xml.Name{Space: NSSCRAMUpgrade, Local: "hash"}, data: salted}
	return task, n.Send(ctx, taskData{hash})
}

// parseUpgradeSalt reads <task-data><salt iterations=”/></task-data>.
func parseUpgradeSalt(el *xmlstream.Element) ([]byte, int, error) {
	if el.Name() != sasl2Name("task-data") {
		return nil, 0, fmt.Errorf("xmpp: SASL2: expected <task-data/>, got <%s/>", el.Name().Local)
	}
	s, ok := el.Child(NSSCRAMUpgrade, "salt")
	if !ok {
		return nil, 0, errors.New("xmpp: SASL2 upgrade: <task-data/> without <salt/>")
	}
	iterations, err := strconv.Atoi(s.Attr("iterations"))
	if err != nil || iterations < 1 {
		return nil, 0, errors.New("xmpp: SASL2 upgrade: bad iteration count")
	}
	salt, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s.Text()))
	if err != nil || len(salt) == 0 {
		return nil, 0, errors.New("xmpp: SASL2 upgrade: bad salt")
	}
	return salt, iterations, nil
}

// serverUpgrades returns the tasks the server runs for user: requested
// by the client, offered, and needed.
func (f sasl2Server) serverUpgrades(requested []string, user string) []string {
	u := f.cfg.Upgrade
	if u == nil {
		return nil
	}
	var out []string
	for _, t := range requested {
		h, ok := upgradeHash(t)
		if ok && !slices.Contains(out, t) && u.Needs(user, h) {
			out = append(out, t)
		}
	}
	return out
}

// runUpgrade is the server's side of one SCRAM upgrade task, after it
// sent the <continue/> that names it.
func (f sasl2Server) runUpgrade(ctx context.Context, n *Negotiation, task, user string) error {
	el, err := n.Read(ctx)
	if err != nil {
		return err
	}
	if el.Name() != sasl2Name("next") || el.Attr("task") != task {
		return fmt.Errorf("%w: expected <next task='%s'/>", sasl.ErrMalformedRequest, task)
	}
	h, _ := upgradeHash(task)
	iterations := f.cfg.Upgrade.Iterations
	if iterations <= 0 {
		iterations = sasl.DefaultIterations
	}
	salt := make([]byte, 16)
	rand.Read(salt) // never fails (crypto/rand, Go 1.24)
	attrs := []xml.Attr{{Name: xml.Name{Local: "iterations"}, Value: strconv.Itoa(iterations)}}
	if err := n.Send(ctx, taskData{base64Element{name: xml.Name{Space: NSSCRAMUpgrade, Local: "salt"}, data: salt, attrs: attrs}}); err != nil {
		return err
	}
	if el, err = n.Read(ctx); err != nil {
		return err
	}
	hash, ok := el.Child(NSSCRAMUpgrade, "hash")
	if el.Name() != sasl2Name("task-data") || !ok {
		return fmt.Errorf("%w: expected <task-data><hash/></task-data>", sasl.ErrMalformedRequest)
	}
	salted, err := base64.StdEncoding.DecodeString(strings.TrimSpace(hash.Text()))
	if err != nil {
		return sasl.ErrIncorrectEncoding
	}
	creds, err := sasl.CredentialsFromSalted(h, salted, salt, iterations)
	if err != nil {
		return err
	}
	return f.cfg.Upgrade.Store(user, h, creds)
}
