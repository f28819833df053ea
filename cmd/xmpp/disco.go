package main

import (
	"context"
	"fmt"
	"io"

	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/jid"
)

func runDisco(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	fs := newFlagSet("disco", "[flags] [TARGET]", "Print the identities, features and items of TARGET (XEP-0030; default: your server)")
	f.register(fs)
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	s, err := f.connect(ctx, e, nil)
	if err != nil {
		return e.fail("disco", err)
	}
	defer closeSession(s)
	target := s.LocalAddr().Domain()
	if fs.NArg() > 0 {
		if target, err = jid.Parse(fs.Arg(0)); err != nil {
			return e.fail("disco", fmt.Errorf("TARGET %q: %w", fs.Arg(0), err))
		}
	}
	qctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	info, err := disco.GetInfo(qctx, s, target, "")
	if err != nil {
		return e.fail("disco", describeStanzaError(err, target))
	}
	printInfo(e.stdout, target, info)
	for it, err := range disco.Items(qctx, s, target, "") {
		if err != nil {
			fmt.Fprintf(e.stdout, "  items:    not listed (%v)\n", describeStanzaError(err, target))
			break
		}
		printItem(e.stdout, it)
	}
	return exitOK
}

func printInfo(w io.Writer, target jid.JID, info disco.Info) {
	fmt.Fprintf(w, "%s\n", target)
	for _, id := range info.Identities {
		fmt.Fprintf(w, "  identity: %s/%s", id.Category, id.Type)
		if id.Name != "" {
			fmt.Fprintf(w, " %q", id.Name)
		}
		fmt.Fprintln(w)
	}
	for _, f := range info.Features {
		fmt.Fprintf(w, "  feature:  %s\n", f)
	}
}

func printItem(w io.Writer, it disco.Item) {
	fmt.Fprintf(w, "  item:     %s", it.JID)
	if it.Node != "" {
		fmt.Fprintf(w, " node=%q", it.Node)
	}
	if it.Name != "" {
		fmt.Fprintf(w, " %q", it.Name)
	}
	fmt.Fprintln(w)
}
