package upload_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/upload"
)

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// get fetches u and returns the body and headers.
func get(t *testing.T, c *http.Client, u string) ([]byte, http.Header, int) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b, resp.Header, resp.StatusCode
}

func TestUploadRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name, file, ctype, disposition string
		dir                            bool
	}{
		{"image in memory", "très cool.jpg", "image/jpeg", `inline; filename*=utf-8''tr%C3%A8s%20cool.jpg`, false},
		{"html on disk", "page.html", "text/html", `attachment; filename=page.html`, true},
		{"no type", "a.bin", "", `attachment; filename=a.bin`, false},
		{"svg is not inline", "x.svg", "image/svg+xml", `attachment; filename=x.svg`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := upload.ServiceConfig{MaxFileSize: 1 << 20}
			if tc.dir {
				cfg.Dir = t.TempDir()
			}
			r := newRig(t, cfg)
			ctx := ctxT(t)
			si, err := upload.Discover(ctx, r.client, serverDomain)
			if err != nil || si != (upload.ServiceInfo{JID: uploadDomain, MaxFileSize: 1 << 20}) {
				t.Fatalf("Discover: %+v, %v", si, err)
			}
			data := bytes.Repeat([]byte("<script>alert(1)</script>"), 4000)
			var mu sync.Mutex
			var seen []int64
			c := upload.Client{HTTP: r.http.Client(), Progress: func(sent, total int64) {
				mu.Lock()
				defer mu.Unlock()
				if total != int64(len(data)) {
					t.Errorf("progress total %d", total)
				}
				seen = append(seen, sent)
			}}
			u, err := c.Upload(ctx, r.client, si.JID, upload.Request{Filename: tc.file, Size: int64(len(data)), ContentType: tc.ctype}, bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			if len(seen) == 0 || seen[len(seen)-1] != int64(len(data)) {
				t.Errorf("progress %v, want the last at %d", seen, len(data))
			}
			mu.Unlock()
			body, h, code := get(t, r.http.Client(), u)
			if code != http.StatusOK || !bytes.Equal(body, data) {
				t.Fatalf("GET %s: %d, %d bytes", u, code, len(body))
			}
			want := tc.ctype
			if want == "" {
				want = "application/octet-stream"
			}
			for k, v := range map[string]string{
				"Content-Type": want, "X-Content-Type-Options": "nosniff", "Content-Disposition": tc.disposition,
				"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
			} {
				if h.Get(k) != v {
					t.Errorf("%s: %q, want %q", k, h.Get(k), v)
				}
			}
		})
	}
}

// clock is a settable time.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// put sends a raw PUT.
func put(t *testing.T, c *http.Client, u, ctype string, body []byte, length int64) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = length
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.Do(req)
	if err != nil {
		// The service may close on a body longer than declared.
		return -1
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestBadInput_Upload(t *testing.T) {
	ok := upload.Request{Filename: "a.txt", Size: 5, ContentType: "text/plain"}
	for _, tc := range []struct {
		name string
		cfg  upload.ServiceConfig
		// run gets a slot (or fails) and checks what the service does.
		run func(t *testing.T, r *rig, clk *clock)
	}{
		{"too large", upload.ServiceConfig{MaxFileSize: 100}, func(t *testing.T, r *rig, _ *clock) {
			_, err := upload.RequestSlot(ctxT(t), r.client, uploadDomain, upload.Request{Filename: "a", Size: 101})
			var tl *upload.FileTooLargeError
			if !errors.As(err, &tl) || tl.Max != 100 || !errors.Is(err, stanza.Error{Condition: stanza.NotAcceptable}) {
				t.Errorf("got %v, want file-too-large with max 100", err)
			}
		}},
		{"path traversal", upload.ServiceConfig{}, func(t *testing.T, r *rig, _ *clock) {
			for _, name := range []string{"../x", "a/b", `..\..\x`, ".."} {
				_, err := upload.RequestSlot(ctxT(t), r.client, uploadDomain, upload.Request{Filename: name, Size: 1})
				if !errors.Is(err, stanza.Error{Condition: stanza.NotAcceptable}) {
					t.Errorf("%q: got %v, want not-acceptable", name, err)
				}
			}
		}},
		{"body larger than declared", upload.ServiceConfig{}, func(t *testing.T, r *rig, _ *clock) {
			s := slotFor(t, r, ok)
			if code := put(t, r.http.Client(), s.PutURL, "text/plain", []byte("123456"), 6); code != http.StatusRequestEntityTooLarge {
				t.Errorf("PUT 6 bytes: %d", code)
			}
			// A lying Content-Length: more bytes than it says are not read.
			if code := put(t, r.http.Client(), s.PutURL, "text/plain", []byte("1234"), 4); code != http.StatusBadRequest {
				t.Errorf("PUT 4 bytes: %d", code)
			}
			notStored(t, r, s)
			// The slot is still good for the right body.
			if code := put(t, r.http.Client(), s.PutURL, "text/plain", []byte("12345"), 5); code != http.StatusCreated {
				t.Errorf("PUT 5 bytes: %d", code)
			}
		}},
		{"wrong content type", upload.ServiceConfig{}, func(t *testing.T, r *rig, _ *clock) {
			s := slotFor(t, r, ok)
			if code := put(t, r.http.Client(), s.PutURL, "text/html", []byte("12345"), 5); code != http.StatusUnsupportedMediaType {
				t.Errorf("PUT text/html: %d", code)
			}
			notStored(t, r, s)
		}},
		{"replayed slot", upload.ServiceConfig{}, func(t *testing.T, r *rig, _ *clock) {
			s := slotFor(t, r, ok)
			if code := put(t, r.http.Client(), s.PutURL, "text/plain", []byte("12345"), 5); code != http.StatusCreated {
				t.Fatalf("first PUT: %d", code)
			}
			if code := put(t, r.http.Client(), s.PutURL, "text/plain", []byte("evil!"), 5); code != http.StatusConflict {
				t.Errorf("second PUT: %d", code)
			}
			if body, _, _ := get(t, r.http.Client(), s.GetURL); string(body) != "12345" {
				t.Errorf("GET after replay: %q", body)
			}
		}},
		{"expired slot", upload.ServiceConfig{SlotLifetime: time.Minute}, func(t *testing.T, r *rig, clk *clock) {
			s := slotFor(t, r, ok)
			clk.add(2 * time.Minute)
			if code := put(t, r.http.Client(), s.PutURL, "text/plain", []byte("12345"), 5); code != http.StatusGone {
				t.Errorf("PUT: %d", code)
			}
		}},
		{"guessed and altered URLs", upload.ServiceConfig{}, func(t *testing.T, r *rig, _ *clock) {
			s := slotFor(t, r, ok)
			for _, u := range []string{
				strings.Replace(s.PutURL, "a.txt", "b.txt", 1),
				strings.Replace(s.PutURL, "/files/", "/files/AAAAAAAAAAAAAAAAAAAAAA/", 1),
				r.http.URL + "/files/AAAAAAAAAAAAAAAAAAAAAA/a.txt",
				r.http.URL + "/files/../../etc/passwd",
				r.http.URL + "/elsewhere/a.txt",
			} {
				if code := put(t, r.http.Client(), u, "text/plain", []byte("12345"), 5); code != http.StatusNotFound {
					t.Errorf("PUT %s: %d", u, code)
				}
			}
		}},
		{"slots per hour", upload.ServiceConfig{SlotsPerHour: 2}, func(t *testing.T, r *rig, clk *clock) {
			start := clk.Now()
			slotFor(t, r, ok)
			clk.add(time.Minute)
			slotFor(t, r, ok)
			_, err := upload.RequestSlot(ctxT(t), r.client, uploadDomain, ok)
			var re *upload.RetryError
			if !errors.As(err, &re) || !re.Stamp.Equal(start.Add(time.Hour)) || !errors.Is(err, stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint}) {
				t.Fatalf("third slot: %v, want retry at %v", err, start.Add(time.Hour))
			}
			clk.add(time.Hour)
			slotFor(t, r, ok)
		}},
		{"bytes quota", upload.ServiceConfig{QuotaBytes: 12, SlotsPerHour: -1}, func(t *testing.T, r *rig, clk *clock) {
			s := slotFor(t, r, ok)
			slotFor(t, r, ok)
			_, err := upload.RequestSlot(ctxT(t), r.client, uploadDomain, ok)
			if !errors.Is(err, stanza.Error{Condition: stanza.ResourceConstraint}) {
				t.Fatalf("third slot: %v", err)
			}
			// An expired slot gives its bytes back; a stored file does not.
			put(t, r.http.Client(), s.PutURL, "text/plain", []byte("12345"), 5)
			clk.add(time.Hour)
			slotFor(t, r, ok)
		}},
		{"not a user of the server", upload.ServiceConfig{Allow: func(from jid.JID) bool { return from.Localpart() == "romeo" }}, func(t *testing.T, r *rig, _ *clock) {
			_, err := upload.RequestSlot(ctxT(t), r.client, uploadDomain, ok)
			if !errors.Is(err, stanza.Error{Condition: stanza.Forbidden}) {
				t.Errorf("got %v, want forbidden", err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := &clock{now: time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)}
			tc.cfg.Now = clk.Now
			tc.run(t, newRig(t, tc.cfg), clk)
		})
	}
}

func slotFor(t *testing.T, r *rig, req upload.Request) upload.Slot {
	t.Helper()
	s, err := upload.RequestSlot(ctxT(t), r.client, uploadDomain, req)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func notStored(t *testing.T, r *rig, s upload.Slot) {
	t.Helper()
	if _, _, code := get(t, r.http.Client(), s.GetURL); code != http.StatusNotFound {
		t.Errorf("GET after a refused PUT: %d", code)
	}
}
