package sasl

import (
	"crypto"
	"encoding/base64"
	"testing"
)

// vector is a published SCRAM exchange.
type vector struct {
	name        string
	mech        string
	hash        crypto.Hash
	clientNonce string
	serverNonce string
	salt        string // base64
	iterations  int
	neg         Negotiation
	clientFirst string
	serverFirst string
	clientFinal string
	serverFinal string
}

// vectors are RFC 5802 §5 and RFC 7677 §3 (user "user", password "pencil").
var vectors = []vector{{
	name:        "RFC5802",
	mech:        ScramSHA1,
	hash:        crypto.SHA1,
	clientNonce: "fyko+d2lbbFgONRv9qkxdawL",
	serverNonce: "3rfcNHYJY1ZVvWVs7j",
	salt:        "QSXCR+Q6sek8bf92",
	iterations:  4096,
	neg:         Negotiation{Mechanisms: []string{ScramSHA1}},
	clientFirst: "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
	serverFirst: "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
	clientFinal: "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
	serverFinal: "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=",
}, {
	name:        "RFC7677",
	mech:        ScramSHA256,
	hash:        crypto.SHA256,
	clientNonce: "rOprNGfwEbeRWgbNEkqO",
	serverNonce: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
	salt:        "W22ZaJ0SNY7soEsUEjb6gQ==",
	iterations:  4096,
	neg:         Negotiation{Mechanisms: []string{ScramSHA256}},
	clientFirst: "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
	serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
	clientFinal: "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
	serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
}}

func TestVectorsClient(t *testing.T) {
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			cfg := ClientConfig{Username: "user", Password: "pencil", nonce: v.clientNonce}
			c := mustClient(t, v.mech, cfg, v.neg)
			steps := []struct{ in, want string }{
				{"", v.clientFirst},
				{v.serverFirst, v.clientFinal},
				{v.serverFinal, ""},
			}
			for i, s := range steps {
				var got []byte
				var err error
				if i == 0 {
					got, err = c.Start()
				} else {
					got, err = c.Step([]byte(s.in))
				}
				if err != nil || string(got) != s.want {
					t.Fatalf("step %d: got %q, %v; want %q", i, got, err, s.want)
				}
			}
			if !c.Done() {
				t.Fatal("client not done after a valid server signature")
			}
		})
	}
}

func TestVectorsServer(t *testing.T) {
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			salt, _ := base64.StdEncoding.DecodeString(v.salt)
			creds, err := NewScramCredentials(v.hash, "pencil", salt, v.iterations)
			if err != nil {
				t.Fatal(err)
			}
			cfg := ServerConfig{
				ScramCredentials: func(u string, h crypto.Hash) (ScramCredentials, error) {
					if u != "user" || h != v.hash {
						return ScramCredentials{}, ErrUnknownUser
					}
					return creds, nil
				},
				InsecureNoDowngradeProtection: true, // the RFCs predate XEP-0474
				nonce:                         v.serverNonce,
			}
			s := mustServer(t, v.mech, cfg, v.neg)
			got, done, err := s.Step([]byte(v.clientFirst))
			if err != nil || done || string(got) != v.serverFirst {
				t.Fatalf("server-first: got %q, %v, %v", got, done, err)
			}
			got, done, err = s.Step([]byte(v.clientFinal))
			if err != nil || !done || string(got) != v.serverFinal {
				t.Fatalf("server-final: got %q, %v, %v", got, done, err)
			}
			if id := s.Identity(); id.Username != "user" || id.Authzid != "" {
				t.Fatalf("identity %+v", id)
			}
		})
	}
}

// The XEP-0474 §4.3 example: SCRAM-SHA-1-PLUS with tls-exporter data
// "THIS IS FAKE CB DATA", an "h" attribute and a client extension "x".
var xep0474Neg = Negotiation{
	Mechanisms:      []string{ScramSHA1, ScramSHA1Plus},
	ChannelBindings: []string{TLSServerEndPoint, TLSExporter},
	bindings:        map[string][]byte{TLSExporter: []byte("THIS IS FAKE CB DATA")},
}

const (
	xep0474Nonce       = "12C4CD5C-E38E-4A98-8F6D-15C38F51CCC6a09117a6-ac50-4f2f-93f1-93799c2bddf6"
	xep0474ClientFirst = "p=tls-exporter,,n=user,r=12C4CD5C-E38E-4A98-8F6D-15C38F51CCC6"
	xep0474ServerFirst = "r=" + xep0474Nonce + ",s=QSXCR+Q6sek8bf92,i=4096,h=G6k/rBLDqgOhRRaCuuatSDFkJ08="
)

func TestVectorXEP0474Server(t *testing.T) {
	salt, _ := base64.StdEncoding.DecodeString("QSXCR+Q6sek8bf92")
	creds, err := NewScramCredentials(crypto.SHA1, "pencil", salt, 4096)
	if err != nil {
		t.Fatal(err)
	}
	cfg := ServerConfig{
		ScramCredentials: func(string, crypto.Hash) (ScramCredentials, error) { return creds, nil },
		nonce:            "a09117a6-ac50-4f2f-93f1-93799c2bddf6",
	}
	s := mustServer(t, ScramSHA1Plus, cfg, xep0474Neg)
	got, _, err := s.Step([]byte(xep0474ClientFirst))
	if err != nil || string(got) != xep0474ServerFirst {
		t.Fatalf("server-first: got %q, %v", got, err)
	}
	final := "c=cD10bHMtZXhwb3J0ZXIsLFRISVMgSVMgRkFLRSBDQiBEQVRB,r=" + xep0474Nonce +
		",x=19C6532F-1CF4-4A27-A18D-DC9CEA41BBB3,p=M/SIDjT+dfcxUh89jZEypRvFxB4="
	got, done, err := s.Step([]byte(final))
	if err != nil || !done || string(got) != "v=MQrMPvv7yv4x4Cq4W4Ih25EqS2c=" {
		t.Fatalf("server-final: got %q, %v, %v", got, done, err)
	}
	if id := s.Identity(); id.ChannelBinding != TLSExporter || id.Username != "user" {
		t.Fatalf("identity %+v", id)
	}
}

func TestVectorXEP0474Client(t *testing.T) {
	cfg := ClientConfig{Username: "user", Password: "pencil", nonce: "12C4CD5C-E38E-4A98-8F6D-15C38F51CCC6"}
	c, err := NewClient(cfg, xep0474Neg)
	if err != nil || c.Name() != ScramSHA1Plus {
		t.Fatalf("NewClient: %v, %v", c, err)
	}
	first, err := c.Start()
	if err != nil || string(first) != xep0474ClientFirst {
		t.Fatalf("client-first: got %q, %v", first, err)
	}
	// Computed independently (Python hashlib) for the final message
	// without the example's "x" extension.
	want := "c=cD10bHMtZXhwb3J0ZXIsLFRISVMgSVMgRkFLRSBDQiBEQVRB,r=" + xep0474Nonce + ",p=NWgTsQJvWgbXKxbqd3P4BNurjkU="
	got, err := c.Step([]byte(xep0474ServerFirst))
	if err != nil || string(got) != want {
		t.Fatalf("client-final: got %q, %v", got, err)
	}
	if err := Finish(c, []byte("v=EMsYR2n9LecK8qm5xR19xuvM1jw=")); err != nil {
		t.Fatal(err)
	}
}

func TestSSDPString(t *testing.T) {
	tests := []struct {
		mechs, cbs []string
		want       string
	}{
		{[]string{"SCRAM-SHA-1-PLUS", "SCRAM-SHA-1"}, []string{"tls-server-end-point", "tls-exporter"},
			"SCRAM-SHA-1\x1eSCRAM-SHA-1-PLUS\x1ftls-exporter\x1etls-server-end-point"},
		{[]string{"PLAIN", "EXTERNAL", "SCRAM-SHA-256"}, nil, "EXTERNAL\x1ePLAIN\x1eSCRAM-SHA-256"},
		{[]string{"b", "B", "a"}, []string{}, "B\x1ea\x1eb"}, // i;octet order
		{nil, nil, ""},
	}
	for _, tt := range tests {
		if got := ssdpString(tt.mechs, tt.cbs); got != tt.want {
			t.Errorf("ssdpString(%q, %q) = %q, want %q", tt.mechs, tt.cbs, got, tt.want)
		}
	}
	if got := ssdpHash(crypto.SHA1, xep0474Neg.Mechanisms, xep0474Neg.ChannelBindings); got != "G6k/rBLDqgOhRRaCuuatSDFkJ08=" {
		t.Errorf("hash of the XEP-0474 example = %s", got)
	}
}
