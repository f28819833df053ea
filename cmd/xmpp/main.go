// Command xmpp is a command-line XMPP tool built on Canto: it sends and
// receives messages, pings and queries entities, runs an echo bot, and runs
// an in-process development server. "xmpp demo" shows the library's main job
// end to end, with no server installed:
//
//	go run ./cmd/xmpp demo
//
// Run "xmpp help" for the commands and "xmpp COMMAND -h" for each one's
// flags.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // the command line was wrong
)

// env is what a command sees of the process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// command is one subcommand.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, e *env, args []string) int
}

func commands() []command {
	return []command{
		{"demo", "[-v]", "run a server and two clients in this process and show them talk", runDemo},
		{"serve", "[flags]", "run a development server until interrupted", runServe},
		{"send", "[flags] TO [TEXT...]", "send a chat message (TEXT, or standard input); -receipt waits for its delivery receipt", runSend},
		{"listen", "[flags] [-count N]", "print incoming messages as FROM: BODY, chat states and corrections", runListen},
		{"ping", "[flags] [TARGET]", "ping an entity (the server by default) and print the round trip", runPing},
		{"disco", "[flags] [TARGET]", "print an entity's identities, features and items", runDisco},
		{"block", "[flags] list|add|remove [JID...]", "list, add or remove blocked addresses", runBlock},
		{"history", "[flags] [-since DURATION|ID] [-max N] [WITH]", "print the account's message archive, newest last", runHistory},
		{"upload", "[flags] FILE [TO]", "upload a file (XEP-0363), print its URL and send it to TO if given", runUpload},
		{"avatar", "[flags] get JID [-o FILE] | set FILE", "fetch a user's avatar with its hash checked, or publish one's own", runAvatar},
		{"echo", "[flags]", "run an echo bot that also answers ping, disco, version and time", runEcho},
		{"roster", "[flags] list|add|remove", "list your contacts, add or update one, or remove one", runRoster},
	}
}

// run runs the command line args (without the program name) and returns
// the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(stderr, "xmpp: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: xmpp COMMAND [flags] [arguments]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-7s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'xmpp COMMAND -h' for a command's flags.")
}

// fail prints a one-line error for command name and returns exitError.
func (e *env) fail(name string, err error) int {
	fmt.Fprintf(e.stderr, "xmpp %s: %s\n", name, err)
	return exitError
}
