package discover

import "errors"

// Errors reported by the lookups. They are matched with errors.Is.
var (
	// ErrNoService means a lone SRV record with the target "." said that the
	// service is not offered at the domain (RFC 2782): do not fall back.
	ErrNoService = errors.New(`discover: service not offered (SRV target ".")`)
	// ErrNoRecords means that no usable SRV record was found: the lookup
	// failed or returned nothing. RFC 6120 §3.2.2 then falls back to the
	// domain's own address records.
	ErrNoRecords = errors.New("discover: no SRV records")
	// ErrDomain means the domain cannot be converted to an ASCII host name.
	ErrDomain = errors.New("discover: invalid domain")
	// ErrTooLarge means a host-meta document exceeded the size limit.
	ErrTooLarge = errors.New("discover: host-meta document too large")
	// ErrHTTPStatus means the host-meta request got a status other than 200.
	ErrHTTPStatus = errors.New("discover: host-meta request failed")
	// ErrInsecureRedirect means a host-meta request was redirected to a
	// URL that is not https://.
	ErrInsecureRedirect = errors.New("discover: redirect away from https refused")
	// ErrSyntax means a host-meta document could not be parsed.
	ErrSyntax = errors.New("discover: malformed host-meta document")
)
