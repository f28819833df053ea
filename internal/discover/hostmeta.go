package discover

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Default limits of a host-meta lookup.
const (
	DefaultHostMetaTimeout  = 10 * time.Second
	DefaultHostMetaMaxBytes = 64 << 10
	maxRedirects            = 5
)

// Endpoints are the alternative connection methods a domain announces
// (XEP-0156). Only URLs protected by TLS are kept.
type Endpoints struct {
	WebSocket []string // wss:// URLs (RFC 7395)
	BOSH      []string // https:// URLs (XEP-0206)
}

// HostMetaLookup fetches a domain's Web Host Metadata. Its zero value is
// usable; it is used by value and never modified.
type HostMetaLookup struct {
	// Client makes the HTTPS requests. Nil means http.DefaultClient. It is
	// copied, and the copy refuses redirects away from https://.
	Client *http.Client
	// Timeout bounds the whole lookup, both documents included. Zero
	// means DefaultHostMetaTimeout.
	Timeout time.Duration
	// MaxBytes bounds each document; a larger one is refused with
	// ErrTooLarge. Zero means DefaultHostMetaMaxBytes.
	MaxBytes int64
}

// HostMeta looks up the endpoints of domain with client (nil:
// http.DefaultClient) and the default limits. See HostMetaLookup.Lookup.
func HostMeta(ctx context.Context, client *http.Client, domain string) (Endpoints, error) {
	return HostMetaLookup{Client: client}.Lookup(ctx, domain)
}

// Lookup fetches https://domain/.well-known/host-meta (XRD), and if that
// fails, https://domain/.well-known/host-meta.json (JRD), and returns the
// WebSocket and BOSH links of the first document read. A document without
// such links gives empty Endpoints and no error. If both fetches fail the
// error joins both reasons.
func (l HostMetaLookup) Lookup(ctx context.Context, domain string) (Endpoints, error) {
	host, isIP, err := ASCIIDomain(domain)
	if err != nil {
		return Endpoints{}, err
	}
	if isIP && strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	ctx, cancel := context.WithTimeout(ctx, l.timeout())
	defer cancel()
	client := l.client()

	base := "https://" + host + "/.well-known/"
	eps, xrdErr := l.get(ctx, client, base+"host-meta", "application/xrd+xml", parseXRD)
	if xrdErr == nil {
		return eps, nil
	}
	eps, jrdErr := l.get(ctx, client, base+"host-meta.json", "application/json", parseJRD)
	if jrdErr == nil {
		return eps, nil
	}
	return Endpoints{}, errors.Join(
		fmt.Errorf("host-meta: %w", xrdErr),
		fmt.Errorf("host-meta.json: %w", jrdErr))
}

// get fetches one document and parses it.
func (l HostMetaLookup) get(ctx context.Context, client *http.Client, url, accept string, parse func([]byte) (Endpoints, error)) (Endpoints, error) {
	body, err := l.fetch(ctx, client, url, accept)
	if err != nil {
		return Endpoints{}, err
	}
	return parse(body)
}

func (l HostMetaLookup) timeout() time.Duration {
	if l.Timeout > 0 {
		return l.Timeout
	}
	return DefaultHostMetaTimeout
}

func (l HostMetaLookup) maxBytes() int64 {
	if l.MaxBytes > 0 {
		return l.MaxBytes
	}
	return DefaultHostMetaMaxBytes
}

// client returns a copy of the configured client whose redirect policy
// refuses to leave https and stops after a few hops, before any policy of
// the caller's.
func (l HostMetaLookup) client() *http.Client {
	c := http.DefaultClient
	if l.Client != nil {
		c = l.Client
	}
	cp := *c
	next := c.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != "https" {
			return fmt.Errorf("%w: %s", ErrInsecureRedirect, req.URL.Redacted())
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("discover: more than %d redirects", maxRedirects)
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	return &cp
}

func (l HostMetaLookup) fetch(ctx context.Context, client *http.Client, url, accept string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", accept)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: %s", ErrHTTPStatus, resp.Status)
	}
	limit := l.maxBytes()
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d bytes announced, limit %d", ErrTooLarge, resp.ContentLength, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, limit)
	}
	return body, nil
}
