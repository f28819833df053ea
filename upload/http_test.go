package upload_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/upload"
)

// TestDirSurvivesRestart serves a file stored by an earlier service on
// the same directory.
func TestDirSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	r := newRig(t, upload.ServiceConfig{Dir: dir})
	s := slotFor(t, r, upload.Request{Filename: "a.txt", Size: 5, ContentType: "text/plain"})
	if code := put(t, r.http.Client(), s.PutURL, "text/plain", []byte("hello"), 5); code != http.StatusCreated {
		t.Fatalf("PUT: %d", code)
	}
	base := r.http.URL + "/files/"
	again, err := upload.NewService(upload.ServiceConfig{Domain: uploadDomain, BaseURL: base, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	path := strings.TrimPrefix(s.GetURL, r.http.URL)
	for _, tc := range []struct {
		method, path string
		code         int
		body         string
	}{
		{http.MethodGet, path, http.StatusOK, "hello"},
		{http.MethodHead, path, http.StatusOK, ""},
		{http.MethodPut, path, http.StatusConflict, ""},
		{http.MethodPost, path, http.StatusMethodNotAllowed, ""},
		{http.MethodDelete, path, http.StatusMethodNotAllowed, ""},
		{http.MethodOptions, path, http.StatusNoContent, ""},
		{http.MethodGet, strings.Replace(path, "a.txt", "b.txt", 1), http.StatusNotFound, ""},
		{http.MethodGet, "/files/" + strings.Repeat("A", 22) + "/a.txt", http.StatusNotFound, ""},
		{http.MethodGet, "/files/a.txt", http.StatusNotFound, ""},
	} {
		w := httptest.NewRecorder()
		again.ServeHTTP(w, httptest.NewRequest(tc.method, tc.path, bytes.NewReader([]byte("hello"))))
		if w.Code != tc.code || tc.body != "" && w.Body.String() != tc.body {
			t.Errorf("%s %s: %d %q, want %d %q", tc.method, tc.path, w.Code, w.Body, tc.code, tc.body)
		}
	}
}
