package interop

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
)

// errNotReady means an HTTP API did not answer before the start timed out.
var errNotReady = errors.New("interop: the server's HTTP API is not ready")

// postJSON posts body to url, retrying while the server is still starting.
// It uses no proxy and no keep-alive, so no connection outlives the call.
func postJSON(ctx context.Context, url, body string) (int, string, error) {
	tr := &http.Transport{Proxy: nil, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	for {
		status, reply, err := postOnce(ctx, client, url, body)
		if err == nil && status < 500 && status != http.StatusNotFound {
			return status, reply, nil
		}
		if err == nil {
			err = errors.New(reply)
		}
		select {
		case <-ctx.Done():
			return 0, "", errors.Join(errNotReady, err, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func postOnce(ctx context.Context, client *http.Client, url, body string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return resp.StatusCode, string(reply), err
}
