package avatar_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/canto-im/xmpp/avatar"
	"github.com/canto-im/xmpp/hashes"
	"github.com/canto-im/xmpp/vcard"
	"github.com/canto-im/xmpp/xmpptest"
)

// specID is the ID of XEP-0084's example image; the tests use their own
// bytes and hashes, computed independently below.
const helloID = "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d" // SHA-1 of "hello"

func TestID(t *testing.T) {
	if got := avatar.ID([]byte("hello")); got != helloID {
		t.Fatalf("ID = %s", got)
	}
	for _, tc := range []struct {
		data []byte
		id   string
		want error
	}{
		{[]byte("hello"), helloID, nil},
		{[]byte("hello"), strings.ToUpper(helloID), nil},
		{[]byte("hellO"), helloID, avatar.ErrHashMismatch},
		{[]byte("hello"), "", avatar.ErrHashMismatch},
		{make([]byte, avatar.MaxDataSize+1), helloID, avatar.ErrTooLarge},
	} {
		if err := avatar.Check(tc.data, tc.id); !errors.Is(err, tc.want) {
			t.Errorf("Check(%.8q, %s) = %v, want %v", tc.data, tc.id, err, tc.want)
		}
	}
}

// abcSHA256 is the SHA-256 of "abc" (FIPS 180-2 appendix B.1).
var abcSHA256 = []byte{
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
	0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
}

func TestDataWire(t *testing.T) {
	xmpptest.RunWire(t, avatar.ParseData, []xmpptest.WireCase[avatar.Data]{
		{Name: "hello", XML: `<data xmlns='urn:xmpp:avatar:data'>aGVsbG8=</data>`, Value: avatar.Data("hello")},
		{Name: "wrapped", ParseOnly: true, XML: "<data xmlns='urn:xmpp:avatar:data'>aGVs\n bG8=</data>", Value: avatar.Data("hello")},
		{Name: "not base64", XML: `<data xmlns='urn:xmpp:avatar:data'>!!</data>`, WantErr: avatar.ErrInvalidData},
		{Name: "other name", XML: `<data xmlns='urn:x'>aGVsbG8=</data>`, WantErr: avatar.ErrInvalidData},
		{Name: "too large", XML: `<data xmlns='urn:xmpp:avatar:data'>` + strings.Repeat("AAAA", avatar.MaxDataSize/3+2) + `</data>`, WantErr: avatar.ErrTooLarge},
	})
}

func TestMetadataWire(t *testing.T) {
	type md = avatar.Metadata
	xmpptest.RunWire(t, avatar.ParseMetadata, []xmpptest.WireCase[md]{
		// XEP-0084 §4.2 Example 3, then §4.4 (disabled).
		{Name: "§4.2", XML: `<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='12345' id='111f4b3c50d7b0df729d299bc6f8e9ef9066971f' type='image/png' width='64' height='64'/></metadata>`,
			Value: md{Infos: []avatar.Info{{Bytes: 12345, ID: "111f4b3c50d7b0df729d299bc6f8e9ef9066971f", Type: "image/png", Width: 64, Height: 64}}}},
		{Name: "§4.4 disabled", XML: `<metadata xmlns='urn:xmpp:avatar:metadata'/>`, Value: md{}},
		{Name: "url", XML: `<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='1' id='a' type='image/gif' url='http://e/a.gif'/></metadata>`,
			Value: md{Infos: []avatar.Info{{Bytes: 1, ID: "a", Type: "image/gif", URL: "http://e/a.gif"}}}},
		{Name: "pointer skipped", ParseOnly: true, XML: `<metadata xmlns='urn:xmpp:avatar:metadata'><pointer><x xmlns='urn:y'/></pointer></metadata>`, Value: md{}},
		{Name: "XEP-0300 hash", XML: `<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='3' id='a9993e364706816aba3e25717850c26c9cd0d89d' type='image/png'><hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=</hash></info></metadata>`,
			Value: md{Infos: []avatar.Info{{Bytes: 3, ID: "a9993e364706816aba3e25717850c26c9cd0d89d", Type: "image/png", Hashes: []hashes.Hash{{Algo: hashes.SHA256, Value: abcSHA256}}}}}},
		{Name: "other info children skipped", ParseOnly: true, XML: `<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='1' id='a' type='image/png'><x xmlns='urn:y'/></info></metadata>`,
			Value: md{Infos: []avatar.Info{{Bytes: 1, ID: "a", Type: "image/png"}}}},
		{Name: "malformed hash", XML: `<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='1' id='a' type='image/png'><hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>AAAA</hash></info></metadata>`, WantErr: avatar.ErrInvalidMetadata},
		{Name: "too many hashes", XML: `<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='1' id='a' type='image/png'>` + strings.Repeat(`<hash xmlns='urn:xmpp:hashes:2' algo='x'>AA==</hash>`, avatar.MaxHashes+1) + `</info></metadata>`, WantErr: avatar.ErrInvalidMetadata},
		{Name: "no bytes", XML: `<metadata xmlns='urn:xmpp:avatar:metadata'><info id='a' type='image/png'/></metadata>`, WantErr: avatar.ErrInvalidMetadata},
		{Name: "no id", XML: `<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='1' type='image/png'/></metadata>`, WantErr: avatar.ErrInvalidMetadata},
		{Name: "no type", XML: `<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='1' id='a'/></metadata>`, WantErr: avatar.ErrInvalidMetadata},
		{Name: "negative width", XML: `<metadata xmlns='urn:xmpp:avatar:metadata'><info bytes='1' id='a' type='t' width='-1'/></metadata>`, WantErr: avatar.ErrInvalidMetadata},
		{Name: "too many", XML: `<metadata xmlns='urn:xmpp:avatar:metadata'>` + strings.Repeat(`<info bytes='1' id='a' type='t'/>`, avatar.MaxInfos+1) + `</metadata>`, WantErr: avatar.ErrInvalidMetadata},
		{Name: "other name", XML: `<metadata xmlns='urn:x'/>`, WantErr: avatar.ErrInvalidMetadata},
	})
}

func TestUpdateWire(t *testing.T) {
	type u = avatar.Update
	xmpptest.RunWire(t, avatar.ParseUpdate, []xmpptest.WireCase[u]{
		// XEP-0153 §3.2 Examples 3, and the empty forms of §4.1.
		{Name: "§3.2", XML: `<x xmlns='vcard-temp:x:update'><photo>01b87fcd030b72895ff8e88db57ec525450f000d</photo></x>`, Value: u{Ready: true, Photo: "01b87fcd030b72895ff8e88db57ec525450f000d"}},
		{Name: "no avatar", XML: `<x xmlns='vcard-temp:x:update'><photo/></x>`, Value: u{Ready: true}},
		{Name: "not ready", XML: `<x xmlns='vcard-temp:x:update'/>`, Value: u{}},
		{Name: "upper case", ParseOnly: true, XML: `<x xmlns='vcard-temp:x:update'><photo>AAF4C61DDCC5E8A2DABEDE0F3B482CD9AEA9434D</photo></x>`, Value: u{Ready: true, Photo: helloID}},
		{Name: "not hex", XML: `<x xmlns='vcard-temp:x:update'><photo>zz</photo></x>`, WantErr: avatar.ErrInvalidUpdate},
		{Name: "other name", XML: `<x xmlns='urn:x'/>`, WantErr: avatar.ErrInvalidUpdate},
	})
}

func TestFromCard(t *testing.T) {
	img, err := avatar.FromCard(vcard.Card{Photo: &vcard.Photo{Type: "image/png", Data: []byte("hello")}})
	if err != nil || img.ID != helloID || img.Type != "image/png" {
		t.Fatalf("FromCard = %+v, %v", img, err)
	}
	if _, err := avatar.FromCard(vcard.Card{Photo: &vcard.Photo{External: "http://e/x"}}); !errors.Is(err, avatar.ErrNoAvatar) {
		t.Errorf("external: %v", err)
	}
	if u := avatar.UpdateFor(vcard.Card{}); u != (avatar.Update{Ready: true}) {
		t.Errorf("UpdateFor(empty) = %+v", u)
	}
}
