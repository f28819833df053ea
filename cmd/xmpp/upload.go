package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/upload"
)

func runUpload(ctx context.Context, e *env, args []string) int {
	var f clientFlags
	fs := newFlagSet("upload", "[flags] FILE [TO]", "Upload FILE with your server's HTTP upload service (XEP-0363), print its URL, and send it to TO if given (XEP-0066)")
	f.register(fs)
	service := fs.String("service", "", "the upload service's `JID` (default: found on your server)")
	insecureHTTP := fs.Bool("insecure-http", false, "accept an http:// slot (INSECURE: the file travels in clear)")
	if ok, code := parse(e, fs, args); !ok {
		return code
	}
	if fs.NArg() < 1 || fs.NArg() > 2 {
		fmt.Fprintln(e.stderr, "xmpp upload: want FILE and an optional TO")
		return exitUsage
	}
	var to jid.JID
	if fs.NArg() == 2 {
		var err error
		if to, err = jid.Parse(fs.Arg(1)); err != nil {
			return e.fail("upload", fmt.Errorf("TO %q: %w", fs.Arg(1), err))
		}
	}
	file, req, err := openUpload(fs.Arg(0))
	if err != nil {
		return e.fail("upload", err)
	}
	defer file.Close()
	tlsCfg, err := f.tlsConfig()
	if err != nil {
		return e.fail("upload", err)
	}
	s, err := f.connect(ctx, e, nil)
	if err != nil {
		return e.fail("upload", err)
	}
	defer closeSession(s)
	svc := s.LocalAddr().Domain()
	if *service != "" {
		if svc, err = jid.Parse(*service); err != nil {
			return e.fail("upload", fmt.Errorf("-service %q: %w", *service, err))
		}
	} else {
		dctx, cancel := context.WithTimeout(ctx, f.timeout)
		info, err := upload.Discover(dctx, s, svc)
		cancel()
		if err != nil {
			return e.fail("upload", err)
		}
		if info.MaxFileSize > 0 && req.Size > info.MaxFileSize {
			return e.fail("upload", fmt.Errorf("%s is %d bytes; %s takes at most %d", fs.Arg(0), req.Size, info.JID, info.MaxFileSize))
		}
		svc = info.JID
	}
	bar := newProgress(e.stdout)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = tlsCfg
	c := upload.Client{HTTP: &http.Client{Transport: tr}, Progress: bar.update, InsecureAllowHTTP: *insecureHTTP}
	u, err := c.Upload(ctx, s, svc, req, file)
	bar.done()
	if err != nil {
		return e.fail("upload", describeUploadError(err, svc))
	}
	fmt.Fprintln(e.stdout, u)
	if to.IsZero() {
		return exitOK
	}
	sctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	if err := s.Send(sctx, upload.Message(to, u)); err != nil {
		return e.fail("upload", err)
	}
	closeSession(s)
	if err := s.Err(); err != nil {
		return e.fail("upload", fmt.Errorf("the server ended the stream with an error: %w", err))
	}
	return exitOK
}

// openUpload opens the file and describes it for a slot request.
func openUpload(name string) (*os.File, upload.Request, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, upload.Request{}, err
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, upload.Request{}, fmt.Errorf("%s: not a regular file", name)
	}
	req := upload.Request{Filename: filepath.Base(name), Size: fi.Size(), ContentType: mime.TypeByExtension(filepath.Ext(name))}
	if err := upload.CheckFilename(req.Filename); err != nil {
		f.Close()
		return nil, upload.Request{}, fmt.Errorf("%s: %w", name, err)
	}
	return f, req, nil
}

// describeUploadError says what a refusal means.
func describeUploadError(err error, svc jid.JID) error {
	var tl *upload.FileTooLargeError
	var re *upload.RetryError
	switch {
	case errors.As(err, &tl):
		return fmt.Errorf("%s: the file is too large (at most %d bytes)", svc, tl.Max)
	case errors.As(err, &re):
		return fmt.Errorf("%s: quota reached, try again after %s", svc, re.Stamp.Local().Format("15:04:05"))
	}
	return describeStanzaError(err, svc)
}

// progress shows an upload's progress: a bar redrawn in place on a
// terminal, else a line at every tenth.
type progress struct {
	mu   sync.Mutex
	w    io.Writer
	tty  bool
	last int64 // the last percentage (tty) or tenth shown
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w, last: -1}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// update is the upload's Progress callback.
func (p *progress) update(sent, total int64) {
	pct := int64(100)
	if total > 0 {
		pct = sent * 100 / total
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		if pct != p.last {
			n := int(pct / 5)
			fmt.Fprintf(p.w, "\r[%s%s] %3d%% of %d bytes", strings.Repeat("#", n), strings.Repeat(" ", 20-n), pct, total)
			p.last = pct
		}
		return
	}
	if tenth := pct / 10; tenth != p.last {
		fmt.Fprintf(p.w, "%d%%\n", tenth*10)
		p.last = tenth
	}
}

// done ends the bar's line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.last >= 0 {
		fmt.Fprintln(p.w)
	}
}
