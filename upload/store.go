package upload

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// fileMeta is what is kept about a stored file besides its bytes.
type fileMeta struct {
	Name        string `json:"name"`
	ContentType string `json:"type"`
	Size        int64  `json:"size"`
}

// content is a stored file opened for serving.
type content interface {
	io.ReadSeeker
	io.Closer
}

// store keeps uploaded files by their slot id (a random token, never a
// name from the user).
type store interface {
	// put stores data under id; it is called once the whole body is in.
	put(id string, meta fileMeta, data io.Reader) error
	open(id string) (content, fileMeta, error)
}

var errNotStored = errors.New("upload: no such file")

// memStore keeps files in memory, for tests and small services.
type memStore struct {
	mu    sync.Mutex
	files map[string]memFile
}

type memFile struct {
	meta fileMeta
	data []byte
}

func (m *memStore) put(id string, meta fileMeta, data io.Reader) error {
	b, err := io.ReadAll(data)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.files == nil {
		m.files = make(map[string]memFile)
	}
	m.files[id] = memFile{meta, b}
	return nil
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func (m *memStore) open(id string) (content, fileMeta, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.files[id]
	if !ok {
		return nil, fileMeta{}, errNotStored
	}
	return nopCloser{bytes.NewReader(f.data)}, f.meta, nil
}

// dirStore keeps each file as <id> in a directory, with its metadata in
// <id>.json beside it. A file appears under its name only once complete
// (written to a temporary file, then renamed).
type dirStore struct{ dir string }

func (d dirStore) put(id string, meta fileMeta, data io.Reader) error {
	tmp, err := os.CreateTemp(d.dir, ".part-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	js, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(d.dir, id+".json"), js, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(d.dir, id))
}

func (d dirStore) open(id string) (content, fileMeta, error) {
	var meta fileMeta
	js, err := os.ReadFile(filepath.Join(d.dir, id+".json"))
	if err != nil {
		return nil, meta, errNotStored
	}
	if err := json.Unmarshal(js, &meta); err != nil {
		return nil, meta, err
	}
	f, err := os.Open(filepath.Join(d.dir, id))
	if err != nil {
		return nil, meta, errNotStored
	}
	return f, meta, nil
}
