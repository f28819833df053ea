package discover

import (
	"net/url"
	"testing"
)

// checkEndpoints fails t unless every endpoint is a TLS URL of the right
// scheme and the lists respect their bound.
func checkEndpoints(t *testing.T, eps Endpoints) {
	t.Helper()
	check := func(list []string, scheme string) {
		if len(list) > maxLinks {
			t.Fatalf("%d %s endpoints kept, limit %d", len(list), scheme, maxLinks)
		}
		for _, s := range list {
			u, err := url.Parse(s)
			if err != nil || u.Scheme != scheme || u.Host == "" || u.User != nil {
				t.Fatalf("endpoint %q kept for scheme %s", s, scheme)
			}
		}
	}
	check(eps.WebSocket, "wss")
	check(eps.BOSH, "https")
}

func FuzzHostMetaXRD(f *testing.F) {
	for _, seed := range []string{
		xrdDoc, xrdWith(link(RelWebSocket, "wss://a.example/ws")), "<XRD/>", "<XRD>", "",
		"<!DOCTYPE x><XRD/>", "<XRD>&a;</XRD>", xrdWith(link(RelWebSocket, "wss://u@a/")),
		"<XRD xmlns='urn:x'/>", "<XRD/><XRD/>",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		eps, err := parseXRD(doc)
		if err != nil {
			if eps.WebSocket != nil || eps.BOSH != nil {
				t.Fatalf("endpoints %+v returned with error %v", eps, err)
			}
			return
		}
		checkEndpoints(t, eps)
	})
}

func FuzzHostMetaJSON(f *testing.F) {
	for _, seed := range []string{
		jrdDoc, `{}`, `{"links":[{"rel":"` + RelBOSH + `","href":"https://a/"}]}`, `null`, `[]`, ``,
		`{"links":[{"rel":1}]}`, `{"links":[`, `{"links":[{"rel":"` + RelWebSocket + `","href":"ws://a/"}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		eps, err := parseJRD(doc)
		if err != nil {
			if eps.WebSocket != nil || eps.BOSH != nil {
				t.Fatalf("endpoints %+v returned with error %v", eps, err)
			}
			return
		}
		checkEndpoints(t, eps)
	})
}
