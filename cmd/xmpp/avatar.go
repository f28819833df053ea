package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/avatar"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/vcard"
)

const avatarArgs = "[flags] get JID [-o FILE] | set FILE"

func runAvatar(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	fs := newFlagSet("avatar", avatarArgs, "Fetch a user's avatar (XEP-0084, else the vCard photo of XEP-0153) with its SHA-1 checked, or publish one's own in both forms")
	f.register(fs)
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	op, code := avatarOp(e, fs.Args())
	if op == nil {
		return code
	}
	s, err := f.connect(ctx, e, nil)
	if err != nil {
		return e.fail("avatar", err)
	}
	defer closeSession(s)
	actx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	if err := op(actx, e, s); err != nil {
		return e.fail("avatar", describeStanzaError(err, s.LocalAddr().Domain()))
	}
	return exitOK
}

// avatarOp parses a subcommand; on a usage error it returns nil and the
// exit status.
func avatarOp(e *env, args []string) (func(context.Context, *env, *xmpp.Session) error, int) {
	usage := func(format string, a ...any) (func(context.Context, *env, *xmpp.Session) error, int) {
		fmt.Fprintf(e.stderr, "xmpp avatar: "+format+"\n", a...)
		return nil, exitUsage
	}
	if len(args) == 0 {
		return usage("say get or set")
	}
	switch args[0] {
	case "get":
		fs := flag.NewFlagSet("avatar get", flag.ContinueOnError)
		out := fs.String("o", "", "write the image to `FILE` (default: print its type, size and ID)")
		// Flags may come before or after the JID.
		rest := args[1:]
		var who []string
		for {
			if ok, code := parse(e, fs, rest); !ok {
				return nil, code
			}
			if fs.NArg() == 0 {
				break
			}
			who = append(who, fs.Arg(0))
			rest = fs.Args()[1:]
		}
		if len(who) != 1 {
			return usage("get needs one JID")
		}
		j, err := jid.Parse(who[0])
		if err != nil {
			return usage("JID %q: %v", who[0], err)
		}
		return func(ctx context.Context, e *env, s *xmpp.Session) error { return getAvatar(ctx, e, s, j.Bare(), *out) }, 0
	case "set":
		if len(args) != 2 {
			return usage("set needs one FILE")
		}
		return func(ctx context.Context, e *env, s *xmpp.Session) error { return setAvatar(ctx, e, s, args[1]) }, 0
	}
	return usage("unknown %q (say get or set)", args[0])
}

func getAvatar(ctx context.Context, e *env, s *xmpp.Session, who jid.JID, out string) error {
	img, err := avatar.Get(ctx, s, who)
	if err != nil {
		return err
	}
	if out == "" {
		fmt.Fprintf(e.stdout, "%s %d bytes sha1 %s\n", img.Type, len(img.Data), img.ID)
		return nil
	}
	if err := os.WriteFile(out, img.Data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%s, %d bytes, sha1 %s)\n", out, img.Type, len(img.Data), img.ID)
	return nil
}

// setAvatar publishes the image in the vCard (XEP-0153), keeping the
// card's other fields, and through PEP (XEP-0084) where the server has it.
func setAvatar(ctx context.Context, e *env, s *xmpp.Session, file string) error {
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	if st.Size() > avatar.MaxDataSize {
		return fmt.Errorf("%s: %w", file, avatar.ErrTooLarge)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	typ := http.DetectContentType(data)
	card, err := vcard.Get(ctx, s, jid.JID{})
	if err != nil && !errors.Is(err, stanza.NewError(stanza.ItemNotFound)) {
		return err
	}
	card.Photo = &vcard.Photo{Type: typ, Data: data}
	if err := vcard.Set(ctx, s, card); err != nil {
		return err
	}
	id := avatar.ID(data)
	where := "vCard"
	if _, err := avatar.Publish(ctx, s, typ, data, 0, 0); err == nil {
		where = "vCard and PEP"
	} else if !notServed(err) {
		return err
	}
	fmt.Fprintf(e.stdout, "published %s (%d bytes, sha1 %s) in %s\n", typ, len(data), id, where)
	return nil
}

// notServed reports whether err says the server has no PEP.
func notServed(err error) bool {
	for _, c := range []stanza.Condition{stanza.ServiceUnavailable, stanza.FeatureNotImplemented, stanza.ItemNotFound} {
		if errors.Is(err, stanza.NewError(c)) {
			return true
		}
	}
	return false
}
