package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/blocking"
	"github.com/canto-im/xmpp/jid"
)

const blockArgs = "[flags] list | add [-report spam|abuse] [-text TEXT] JID... | remove -all | remove JID..."

func runBlock(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	fs := newFlagSet("block", blockArgs, "List, add or remove blocked addresses (XEP-0191), optionally reporting spam or abuse (XEP-0377)")
	f.register(fs)
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(e.stderr, "xmpp block: say list, add or remove\n")
		fs.Usage()
		return exitUsage
	}
	op, err := blockOp(e, fs.Arg(0), fs.Args()[1:])
	if op == nil {
		return err
	}
	s, cerr := f.connect(ctx, e, nil)
	if cerr != nil {
		return e.fail("block", cerr)
	}
	defer closeSession(s)
	bctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	if err := op(bctx, e, s); err != nil {
		return e.fail("block", describeStanzaError(err, s.LocalAddr().Domain()))
	}
	return exitOK
}

// blockOp parses a subcommand and its arguments; on a usage error it
// returns nil and the exit status.
func blockOp(e *env, name string, args []string) (blockFunc, int) {
	usage := func(format string, a ...any) (blockFunc, int) {
		fmt.Fprintf(e.stderr, "xmpp block %s: "+format+"\n", append([]any{name}, a...)...)
		return nil, exitUsage
	}
	switch name {
	case "list":
		if len(args) > 0 {
			return usage("takes no arguments")
		}
		return listBlocked, 0
	case "add", "remove":
	default:
		return usage("unknown (say list, add or remove)")
	}
	fs := flag.NewFlagSet("block "+name, flag.ContinueOnError)
	report := fs.String("report", "", "`reason` to report the addresses for: spam or abuse (add only)")
	text := fs.String("text", "", "explanation sent with -report (add only)")
	all := fs.Bool("all", false, "unblock everyone (remove only)")
	if ok, code := parse(e, fs, args); !ok {
		return nil, code
	}
	jids := make([]jid.JID, fs.NArg())
	for i, a := range fs.Args() {
		j, err := jid.Parse(a)
		if err != nil {
			return usage("JID %q: %v", a, err)
		}
		jids[i] = j
	}
	if name == "remove" {
		switch {
		case *report != "" || *text != "":
			return usage("-report and -text are for add")
		case *all && len(jids) > 0:
			return usage("-all or JIDs, not both")
		case *all:
			return func(ctx context.Context, e *env, s *xmpp.Session) error {
				return report1(e, blocking.UnblockAll(ctx, s), "unblocked everyone")
			}, 0
		case len(jids) == 0:
			return usage("needs JIDs or -all")
		}
		return func(ctx context.Context, e *env, s *xmpp.Session) error {
			return report1(e, blocking.Unblock(ctx, s, jids...), "unblocked %d address(es)", len(jids))
		}, 0
	}
	switch {
	case *all:
		return usage("-all is for remove")
	case len(jids) == 0:
		return usage("needs JIDs")
	case *text != "" && *report == "":
		return usage("-text needs -report")
	}
	if *report == "" {
		return func(ctx context.Context, e *env, s *xmpp.Session) error {
			return report1(e, blocking.Block(ctx, s, jids...), "blocked %d address(es)", len(jids))
		}, 0
	}
	var reason blocking.Reason
	switch *report {
	case "spam":
		reason = blocking.Spam
	case "abuse":
		reason = blocking.Abuse
	default:
		return usage("-report %q: say spam or abuse", *report)
	}
	return func(ctx context.Context, e *env, s *xmpp.Session) error {
		for _, j := range jids {
			if err := blocking.BlockAndReport(ctx, s, j, blocking.Report{Reason: reason, Text: *text}); err != nil {
				return err
			}
		}
		return report1(e, nil, "blocked and reported %d address(es) for %s", len(jids), *report)
	}, 0
}

// report1 prints what was done, unless err says it was not.
func report1(e *env, err error, format string, a ...any) error {
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, format+"\n", a...)
	return nil
}

func listBlocked(ctx context.Context, e *env, s *xmpp.Session) error {
	jids, err := blocking.List(ctx, s)
	if err != nil {
		return err
	}
	if len(jids) == 0 {
		fmt.Fprintln(e.stdout, "no blocked addresses")
	}
	for _, j := range jids {
		fmt.Fprintln(e.stdout, j)
	}
	return nil
}

// blockFunc runs a parsed subcommand on a connected session.
type blockFunc func(ctx context.Context, e *env, s *xmpp.Session) error
