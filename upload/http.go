package upload

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

// csp lets a served file do nothing: no script, no subresources, no
// framing, a unique origin (sandbox). With nosniff, uploaded HTML shows as
// text, or downloads, instead of running on the service's origin.
const csp = "default-src 'none'; frame-ancestors 'none'; sandbox"

// ServeHTTP takes the PUT of an open slot and serves GET and HEAD of
// stored files. Requests reach it with the path of the service's BaseURL
// followed by "<secret>/<file name>".
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	id, name, ok := s.split(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch r.Method {
	case http.MethodPut:
		s.put(w, r, id, name)
	case http.MethodGet, http.MethodHead:
		s.get(w, r, id, name)
	case http.MethodOptions:
		w.Header().Set("Access-Control-Allow-Methods", "GET, HEAD, PUT, OPTIONS")
		w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
		w.WriteHeader(http.StatusNoContent)
	default:
		w.Header().Set("Allow", "GET, HEAD, PUT, OPTIONS")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// split reads "<base path><id>/<name>".
func (s *Service) split(path string) (id, name string, ok bool) {
	rest, ok := strings.CutPrefix(path, s.base.Path)
	if !ok {
		return "", "", false
	}
	id, name, ok = strings.Cut(rest, "/")
	return id, name, ok && validID(id) && CheckFilename(name) == nil
}

// put stores the body of the slot's one PUT: exactly the size and the
// content type that were declared, refused before storing when larger.
func (s *Service) put(w http.ResponseWriter, r *http.Request, id, name string) {
	sl, status := s.claim(id, name, r)
	if status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	ct := sl.req.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	body := &exactReader{r: http.MaxBytesReader(w, r.Body, sl.req.Size), left: sl.req.Size}
	err := s.files.put(id, fileMeta{Name: name, ContentType: ct, Size: sl.req.Size}, body)
	s.mu.Lock()
	if err != nil {
		sl.putting = false // the client may try again while the slot lasts
	} else {
		delete(s.slots, id)
	}
	s.mu.Unlock()
	switch {
	case err == nil:
		w.WriteHeader(http.StatusCreated)
	case errors.As(err, new(*http.MaxBytesError)):
		http.Error(w, "body larger than the slot", http.StatusRequestEntityTooLarge)
	case errors.Is(err, io.ErrUnexpectedEOF):
		http.Error(w, "body shorter than the slot", http.StatusBadRequest)
	default:
		http.Error(w, "cannot store the file", http.StatusInternalServerError)
	}
}

// claim finds the open slot for a PUT and marks it in use, or returns the
// HTTP status refusing the request.
func (s *Service) claim(id, name string, r *http.Request) (*slot, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sl := s.slots[id]
	switch {
	case sl == nil || sl.req.Filename != name:
		if f, _, err := s.files.open(id); err == nil {
			f.Close()
			return nil, http.StatusConflict // already uploaded: no replays
		}
		return nil, http.StatusNotFound
	case sl.putting:
		return nil, http.StatusConflict
	case s.cfg.Now().After(sl.expires):
		return nil, http.StatusGone
	case r.ContentLength < 0:
		return nil, http.StatusLengthRequired
	case r.ContentLength > sl.req.Size:
		return nil, http.StatusRequestEntityTooLarge
	case r.ContentLength != sl.req.Size:
		return nil, http.StatusBadRequest
	case !sameType(sl.req.ContentType, r.Header.Get("Content-Type")):
		return nil, http.StatusUnsupportedMediaType
	}
	sl.putting = true
	return sl, 0
}

// sameType reports whether a PUT's Content-Type matches the declared one
// (§7); with none declared, any is taken (and served as octet-stream).
func sameType(declared, got string) bool {
	if declared == "" {
		return true
	}
	d, _, err1 := mime.ParseMediaType(declared)
	g, _, err2 := mime.ParseMediaType(got)
	return err1 == nil && err2 == nil && d == g
}

// exactReader fails with io.ErrUnexpectedEOF when r ends before left bytes.
type exactReader struct {
	r    io.Reader
	left int64
}

func (e *exactReader) Read(b []byte) (int, error) {
	n, err := e.r.Read(b)
	e.left -= int64(n)
	if err == io.EOF && e.left > 0 {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// get serves a stored file under headers that keep it inert.
func (s *Service) get(w http.ResponseWriter, r *http.Request, id, name string) {
	f, meta, err := s.files.open(id)
	if err != nil || meta.Name != name {
		if f != nil {
			f.Close()
		}
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", meta.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", csp)
	h.Set("Content-Disposition", disposition(meta))
	http.ServeContent(w, r, "", time.Time{}, f)
}

// disposition shows media inline and offers everything else as a
// download, named after the file.
func disposition(meta fileMeta) string {
	d := "attachment"
	typ, _, _ := mime.ParseMediaType(meta.ContentType)
	if (strings.HasPrefix(typ, "image/") && typ != "image/svg+xml") ||
		strings.HasPrefix(typ, "audio/") || strings.HasPrefix(typ, "video/") {
		d = "inline"
	}
	if v := mime.FormatMediaType(d, map[string]string{"filename": meta.Name}); v != "" {
		return v
	}
	return d
}
