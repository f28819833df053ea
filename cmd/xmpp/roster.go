package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/roster"
)

// groupFlags collects repeated -group flags.
type groupFlags []string

func (g *groupFlags) String() string     { return strings.Join(*g, ",") }
func (g *groupFlags) Set(v string) error { *g = append(*g, v); return nil }

var errRosterUsage = errors.New("want list, add JID or remove JID")

func runRoster(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	var name string
	var groups groupFlags
	fs := newFlagSet("roster", "[flags] list | add JID [-name N] [-group G]... | remove JID",
		"List your roster, add or update a contact (name and groups), or remove one (RFC 6121 §2)")
	f.register(fs)
	fs.StringVar(&name, "name", "", "with add: the contact's `name`")
	fs.Var(&groups, "group", "with add: a `group` for the contact (repeat for several)")
	pos, ok, code := parseInterspersed(e, fs, args)
	if !ok {
		return code
	}
	if len(pos) == 0 || (pos[0] == "list") != (len(pos) == 1) || (pos[0] != "list" && len(pos) != 2) {
		fmt.Fprintf(e.stderr, "xmpp roster: %v\n", errRosterUsage)
		fs.SetOutput(e.stderr)
		fs.Usage()
		return exitUsage
	}
	var contact jid.JID
	switch pos[0] {
	case "list":
	case "add", "remove":
		var err error
		if contact, err = jid.Parse(pos[1]); err != nil {
			return e.fail("roster", fmt.Errorf("JID %q: %w", pos[1], err))
		}
	default:
		fmt.Fprintf(e.stderr, "xmpp roster: unknown action %q: %v\n", pos[0], errRosterUsage)
		return exitUsage
	}
	s, err := f.connect(ctx, e, nil)
	if err != nil {
		return e.fail("roster", err)
	}
	defer closeSession(s)
	rctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	switch pos[0] {
	case "list":
		r, err := roster.Get(rctx, s, roster.Roster{})
		if err != nil {
			return e.fail("roster", describeStanzaError(err, s.LocalAddr().Bare()))
		}
		printRoster(e.stdout, r)
	case "add":
		if err := roster.Set(rctx, s, roster.Item{JID: contact, Name: name, Groups: groups}); err != nil {
			return e.fail("roster", describeStanzaError(err, s.LocalAddr().Bare()))
		}
		fmt.Fprintf(e.stdout, "added %s\n", contact)
	case "remove":
		if err := roster.Remove(rctx, s, contact); err != nil {
			return e.fail("roster", describeStanzaError(err, s.LocalAddr().Bare()))
		}
		fmt.Fprintf(e.stdout, "removed %s\n", contact)
	}
	return exitOK
}

// parseInterspersed parses flags before, between and after the positional
// arguments (the flag package stops at the first), returning those.
func parseInterspersed(e *env, fs *flag.FlagSet, args []string) (pos []string, ok bool, code int) {
	for {
		if ok, code := parse(e, fs, args); !ok {
			return nil, false, code
		}
		if fs.NArg() == 0 {
			return pos, true, exitOK
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// printRoster prints one line per contact: JID, name, subscription with
// pending and pre-approved states, and groups.
func printRoster(w io.Writer, r roster.Roster) {
	if len(r.Items) == 0 {
		fmt.Fprintln(w, "(empty roster)")
		return
	}
	for _, it := range r.Items {
		fmt.Fprintf(w, "%s", it.JID)
		if it.Name != "" {
			fmt.Fprintf(w, " %q", it.Name)
		}
		fmt.Fprintf(w, " subscription=%s", it.Subscription)
		if it.Ask {
			fmt.Fprint(w, " (pending)")
		}
		if it.Approved {
			fmt.Fprint(w, " (pre-approved)")
		}
		if len(it.Groups) > 0 {
			fmt.Fprintf(w, " groups=%s", strings.Join(it.Groups, ","))
		}
		fmt.Fprintln(w)
	}
}
