package upload

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/canto-im/xmpp"
	"github.com/canto-im/xmpp/disco"
	"github.com/canto-im/xmpp/form"
	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/mux"
	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
)

// Defaults of [ServiceConfig].
const (
	DefaultMaxFileSize  = 10 << 20
	DefaultQuotaBytes   = 100 << 20
	DefaultSlotsPerHour = 60
	DefaultSlotLifetime = 5 * time.Minute
)

// ServiceConfig configures a [Service]. NewService copies it.
type ServiceConfig struct {
	// Domain is the service's address, e.g. upload.example.org. Required.
	Domain jid.JID
	// BaseURL is where the HTTP handler is reached from clients, e.g.
	// "https://upload.example.org/files/"; slot URLs are BaseURL followed
	// by "<secret>/<file name>". Required.
	BaseURL string
	// Dir is the directory files are kept in; "" keeps them in memory.
	Dir string
	// MaxFileSize is the largest file taken, in bytes; 0 means
	// DefaultMaxFileSize.
	MaxFileSize int64
	// QuotaBytes bounds the bytes of files and open slots of one bare
	// JID; 0 means DefaultQuotaBytes, negative means no bound.
	QuotaBytes int64
	// SlotsPerHour bounds the slots one bare JID gets in an hour; 0
	// means DefaultSlotsPerHour, negative means no bound.
	SlotsPerHour int
	// SlotLifetime is how long a slot waits for its PUT; 0 means
	// DefaultSlotLifetime.
	SlotLifetime time.Duration
	// Allow says who may request slots. Nil allows users (JIDs with a
	// localpart) of the domain the service is a subdomain of: for
	// upload.example.org, users of example.org.
	Allow func(from jid.JID) bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service is an upload service: [Service.HandleXMPP] answers a component
// session's disco and slot requests, [Service.ServeHTTP] takes the PUTs
// and serves the files. It is safe for concurrent use.
type Service struct {
	cfg   ServiceConfig
	base  *url.URL
	files store
	mux   *mux.ServeMux

	mu    sync.Mutex
	slots map[string]*slot // by secret id, until PUT or expiry
	users map[jid.JID]*usage
}

// slot is an open slot, waiting for its PUT.
type slot struct {
	owner   jid.JID // bare
	req     Request
	expires time.Time
	putting bool // a PUT is under way
}

// usage is what one user has taken.
type usage struct {
	bytes int64       // stored files and open slots
	times []time.Time // when slots were given, within the last hour
}

// NewService checks cfg and returns the service.
func NewService(cfg ServiceConfig) (*Service, error) {
	if cfg.Domain.IsZero() || cfg.Domain.Localpart() != "" || cfg.Domain.Resourcepart() != "" {
		return nil, errors.New("upload: Domain must be a domain JID")
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Host == "" || base.Scheme != "https" && base.Scheme != "http" {
		return nil, errors.New("upload: BaseURL must be an absolute http(s) URL")
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	if cfg.MaxFileSize <= 0 {
		cfg.MaxFileSize = DefaultMaxFileSize
	}
	if cfg.QuotaBytes == 0 {
		cfg.QuotaBytes = DefaultQuotaBytes
	}
	if cfg.SlotsPerHour == 0 {
		cfg.SlotsPerHour = DefaultSlotsPerHour
	}
	if cfg.SlotLifetime <= 0 {
		cfg.SlotLifetime = DefaultSlotLifetime
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Allow == nil {
		cfg.Allow = subdomainUsers(cfg.Domain)
	}
	s := &Service{cfg: cfg, base: base, files: &memStore{}, slots: map[string]*slot{}, users: map[jid.JID]*usage{}}
	if cfg.Dir != "" {
		s.files = dirStore{cfg.Dir}
	}
	s.mux = mux.New(s.Disco().Handle(), mux.Get(RequestName, mux.IQResponderFunc(s.respond)))
	return s, nil
}

// subdomainUsers allows users of the parent domain of d.
func subdomainUsers(d jid.JID) func(jid.JID) bool {
	_, parent, _ := strings.Cut(d.Domainpart(), ".")
	return func(from jid.JID) bool { return from.Localpart() != "" && from.Domainpart() == parent }
}

// Disco is what the service answers to disco#info: identity store/file,
// the feature, and the max-file-size form (§3).
func (s *Service) Disco() disco.Handler {
	return disco.Handler{
		Identities: []disco.Identity{{Category: "store", Type: "file", Name: "HTTP File Upload"}},
		Features:   []disco.Feature{disco.Var(NS)},
		Forms: []form.Form{{Type: form.TypeResult, Fields: []form.Field{
			form.HiddenFormType(NS),
			{Var: maxFileSizeVar, Values: []string{strconv.FormatInt(s.cfg.MaxFileSize, 10)}},
		}}},
	}
}

// HandleXMPP answers the stanzas of the component session.
func (s *Service) HandleXMPP(ctx context.Context, sess *xmpp.Session, st *xmpp.Stanza) error {
	return s.mux.HandleXMPP(ctx, sess, st)
}

// respond answers a slot request.
func (s *Service) respond(_ context.Context, sess *xmpp.Session, st *xmpp.Stanza) (xmlstream.Marshaler, error) {
	// Who asks: 'from', which the server stamps on what it routes to a
	// component; without it, the stream's peer (the server itself on a
	// component stream, which Allow refuses by default).
	from := st.Header.From
	if from.IsZero() {
		from = sess.RemoteAddr()
	}
	if from.IsZero() || !s.cfg.Allow(from) {
		return nil, stanza.NewError(stanza.Forbidden)
	}
	el, _ := st.Element.Child(NS, "request") // the mux routed it here
	req, err := ParseRequest(el)
	if err != nil {
		e := stanza.NewError(stanza.BadRequest)
		if errors.Is(err, ErrFilename) {
			e = stanza.NewError(stanza.NotAcceptable)
		}
		e.Text = err.Error()
		return nil, e
	}
	if req.Size > s.cfg.MaxFileSize {
		return nil, fileTooLarge(s.cfg.MaxFileSize)
	}
	id, err := s.grant(from.Bare(), req)
	if err != nil {
		return nil, err
	}
	u := s.base.JoinPath(id, req.Filename).String()
	return Slot{PutURL: u, GetURL: u}, nil
}

// grant checks the quotas of owner and opens a slot for req.
func (s *Service) grant(owner jid.JID, req Request) (string, error) {
	now := s.cfg.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire(now)
	u := s.users[owner]
	if u == nil {
		u = &usage{}
		s.users[owner] = u
	}
	u.times = dropBefore(u.times, now.Add(-time.Hour))
	if n := s.cfg.SlotsPerHour; n > 0 && len(u.times) >= n {
		return "", retryAt(u.times[0].Add(time.Hour), "Quota reached: "+strconv.Itoa(n)+" files an hour")
	}
	if q := s.cfg.QuotaBytes; q > 0 && u.bytes+req.Size > q {
		e := stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint, Text: "Quota reached: " + strconv.FormatInt(q, 10) + " bytes"}
		return "", e
	}
	id := newID()
	s.slots[id] = &slot{owner: owner, req: req, expires: now.Add(s.cfg.SlotLifetime)}
	u.times = append(u.times, now)
	u.bytes += req.Size
	return id, nil
}

// expire closes the slots whose time is up, giving their bytes back.
func (s *Service) expire(now time.Time) {
	for id, sl := range s.slots {
		if !sl.putting && now.After(sl.expires) {
			delete(s.slots, id)
			s.users[sl.owner].bytes -= sl.req.Size
		}
	}
}

func dropBefore(ts []time.Time, t time.Time) []time.Time {
	i := 0
	for i < len(ts) && ts[i].Before(t) {
		i++
	}
	return append(ts[:0], ts[i:]...)
}

// idLen is the length of a slot id: 128 random bits in base64url.
var idLen = base64.RawURLEncoding.EncodedLen(16)

// newID returns an unpredictable slot id.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// validID reports whether id has the form of a slot id, so nothing else
// (no "..", no separators) ever reaches the store.
func validID(id string) bool {
	if len(id) != idLen {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
