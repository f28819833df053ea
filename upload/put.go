package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/jid"
)

// ErrInsecureURL refuses a slot URL that is not https (§4 requires TLS)
// unless [Client.InsecureAllowHTTP] is set.
var ErrInsecureURL = errors.New("upload: slot URL is not https")

// HTTPError is a PUT the service did not answer with success.
type HTTPError struct {
	StatusCode int
	Status     string
}

func (e *HTTPError) Error() string { return "upload: PUT answered " + e.Status }

// Client uploads files. The zero value is ready: it uses
// http.DefaultClient, reports no progress and refuses http URLs.
type Client struct {
	// HTTP does the requests; nil means http.DefaultClient.
	HTTP *http.Client
	// Progress, if not nil, is called as the body is read for sending
	// with the bytes read so far and the total, from the goroutine
	// sending the request; the last call has sent == total.
	Progress func(sent, total int64)
	// InsecureAllowHTTP allows slot URLs with the http scheme, for
	// services on loopback in tests. The file then travels in clear.
	InsecureAllowHTTP bool
}

// checkURL accepts absolute https URLs (http too when allowed).
func (c Client) checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("upload: bad slot URL %q", raw)
	}
	if u.Scheme == "https" || u.Scheme == "http" && c.InsecureAllowHTTP {
		return nil
	}
	return fmt.Errorf("%w: %q", ErrInsecureURL, raw)
}

// Put sends body, which must hold exactly req.Size bytes, to the slot's
// PUT URL with the slot's allowed headers (and no others but
// Content-Length and Content-Type, §7). A 200 or 201 answer is success;
// others are an [*HTTPError].
func (c Client) Put(ctx context.Context, slot Slot, req Request, body io.Reader) error {
	if err := c.checkURL(slot.PutURL); err != nil {
		return err
	}
	if c.Progress != nil {
		body = ProgressReader(body, req.Size, c.Progress)
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPut, slot.PutURL, io.LimitReader(body, req.Size))
	if err != nil {
		return err
	}
	hr.ContentLength = req.Size
	if req.Size == 0 {
		hr.Body = http.NoBody
	}
	for _, h := range slot.Headers {
		if name := allowedHeader(stripNewlines(h.Name)); name != "" {
			hr.Header.Add(name, stripNewlines(h.Value))
		}
	}
	if req.ContentType != "" {
		hr.Header.Set("Content-Type", req.ContentType)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(hr)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		return &HTTPError{StatusCode: resp.StatusCode, Status: resp.Status}
	}
	return nil
}

// Upload asks service for a slot for req, PUTs body there and returns the
// GET URL to share (see [Message]).
func (c Client) Upload(ctx context.Context, s *xmpp.Session, service jid.JID, req Request, body io.Reader) (string, error) {
	slot, err := RequestSlot(ctx, s, service, req)
	if err != nil {
		return "", err
	}
	if err := c.checkURL(slot.GetURL); err != nil {
		return "", err
	}
	if err := c.Put(ctx, slot, req, body); err != nil {
		return "", err
	}
	return slot.GetURL, nil
}

// ProgressReader returns a reader of r that calls f with the bytes read
// so far and total after each read that returned bytes.
func ProgressReader(r io.Reader, total int64, f func(sent, total int64)) io.Reader {
	return &progressReader{r: r, total: total, f: f}
}

type progressReader struct {
	r     io.Reader
	n     int64
	total int64
	f     func(sent, total int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.n += int64(n)
		p.f(p.n, p.total)
	}
	return n, err
}
