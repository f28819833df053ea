package upload_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/upload"
)

// TestPutHeaders checks that a PUT carries the slot's allowed headers, in
// order, and nothing else the slot names (§5).
func TestPutHeaders(t *testing.T) {
	got := make(chan *http.Request, 1)
	var body string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		got <- r
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	slot := upload.Slot{PutURL: srv.URL + "/p", GetURL: srv.URL + "/g", Headers: []upload.Header{
		{Name: "cookie", Value: "a=1"}, {Name: "Host", Value: "evil"}, {Name: "Authorization", Value: "Basic x\r\nX-Injected: 1"},
		{Name: "Cookie", Value: "b=2"}, {Name: "X-Other", Value: "1"}, {Name: "Expires", Value: "never"},
	}}
	err := upload.Client{HTTP: srv.Client()}.Put(context.Background(), slot, upload.Request{Filename: "f", Size: 5, ContentType: "text/plain"}, strings.NewReader("hello and more"))
	if err != nil {
		t.Fatal(err)
	}
	r := <-got
	for k, want := range map[string][]string{
		"Cookie": {"a=1", "b=2"}, "Authorization": {"Basic xX-Injected: 1"}, "Expires": {"never"},
		"X-Other": nil, "X-Injected": nil, "Content-Type": {"text/plain"},
	} {
		if !slices.Equal(r.Header.Values(k), want) {
			t.Errorf("%s: %q, want %q", k, r.Header.Values(k), want)
		}
	}
	if r.Host != strings.TrimPrefix(srv.URL, "https://") || r.ContentLength != 5 || body != "hello" {
		t.Errorf("host %q, length %d, body %q", r.Host, r.ContentLength, body)
	}
}

func TestPutRefuses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusForbidden)
	}))
	defer srv.Close()
	req := upload.Request{Filename: "f", Size: 1}
	for _, tc := range []struct {
		name string
		c    upload.Client
		url  string
		want func(error) bool
	}{
		{"http refused", upload.Client{}, srv.URL + "/p", func(err error) bool { return errors.Is(err, upload.ErrInsecureURL) }},
		{"other scheme", upload.Client{InsecureAllowHTTP: true}, "ftp://x/p", func(err error) bool { return errors.Is(err, upload.ErrInsecureURL) }},
		{"relative", upload.Client{}, "/p", func(err error) bool { return err != nil && !errors.Is(err, upload.ErrInsecureURL) }},
		{"status", upload.Client{InsecureAllowHTTP: true}, srv.URL + "/p", func(err error) bool {
			var he *upload.HTTPError
			return errors.As(err, &he) && he.StatusCode == http.StatusForbidden
		}},
	} {
		err := tc.c.Put(context.Background(), upload.Slot{PutURL: tc.url, GetURL: tc.url}, req, strings.NewReader("x"))
		if !tc.want(err) {
			t.Errorf("%s: got %v", tc.name, err)
		}
	}
}
