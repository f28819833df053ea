package discover

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func xrdWith(links ...string) string {
	return "<XRD xmlns='" + NSXRD + "'>" + strings.Join(links, "") + "</XRD>"
}

func link(rel, href string) string { return fmt.Sprintf(`<Link rel=%q href=%q/>`, rel, href) }

func TestParseXRD(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		want    Endpoints
		wantErr bool
	}{
		{"spec example", xrdDoc, wantEndpoints, false},
		{"no namespace", "<XRD>" + link(RelWebSocket, "wss://a.example/ws") + "</XRD>",
			Endpoints{WebSocket: []string{"wss://a.example/ws"}}, false},
		{"prefixed", "<x:XRD xmlns:x='" + NSXRD + "'><x:Link rel='" + RelBOSH + "' href='https://a.example/b'/></x:XRD>",
			Endpoints{BOSH: []string{"https://a.example/b"}}, false},
		{"scheme normalised, spaces trimmed, duplicates dropped", xrdWith(
			link(" "+RelWebSocket+" ", " WSS://a.example/ws "), link(RelWebSocket, "wss://a.example/ws")),
			Endpoints{WebSocket: []string{"wss://a.example/ws"}}, false},
		{"credentials, opaque, hostless and relative refused", xrdWith(
			link(RelWebSocket, "wss://user:pw@a.example/ws"), link(RelWebSocket, "wss:a.example"),
			link(RelWebSocket, "wss:///ws"), link(RelBOSH, "/bosh"), link(RelBOSH, "https://a.example:x/")),
			Endpoints{}, false},
		{"nested link ignored", xrdWith("<Other>" + link(RelWebSocket, "wss://a.example/ws") + "</Other>"), Endpoints{}, false},
		{"link in another namespace ignored", xrdWith("<Link xmlns='urn:other' rel='" + RelWebSocket + "' href='wss://a.example/'/>"), Endpoints{}, false},
		{"wrong root", "<Feed/>", Endpoints{}, true},
		{"root in another namespace", "<XRD xmlns='urn:other'/>", Endpoints{}, true},
		{"two roots", "<XRD/><XRD/>", Endpoints{}, true},
		{"text after root", "<XRD/>junk", Endpoints{}, true},
		{"doctype", "<!DOCTYPE XRD [<!ENTITY a 'b'>]><XRD/>", Endpoints{}, true},
		{"undeclared entity", "<XRD>&a;</XRD>", Endpoints{}, true},
		{"unclosed", "<XRD>", Endpoints{}, true},
		{"mismatched", "<XRD></Link>", Endpoints{}, true},
		{"empty", "", Endpoints{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseXRD([]byte(tt.doc))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrSyntax) {
				t.Fatalf("err = %v is not ErrSyntax", err)
			}
			if !equalEndpoints(got, tt.want) {
				t.Errorf("endpoints = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseXRDLinkLimit(t *testing.T) {
	var links []string
	for i := range 3 * maxLinks {
		links = append(links, link(RelWebSocket, fmt.Sprintf("wss://h%d.example/", i)))
	}
	got, err := parseXRD([]byte(xrdWith(links...)))
	if err != nil || len(got.WebSocket) != maxLinks {
		t.Fatalf("kept %d links, %v; want %d", len(got.WebSocket), err, maxLinks)
	}
}

func TestParseJRD(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		want    Endpoints
		wantErr bool
	}{
		{"spec example", jrdDoc, wantEndpoints, false},
		{"other members ignored", `{"subject":"x","links":[{"rel":"` + RelBOSH + `","href":"https://a.example/b","type":"t"}],"x":1}`,
			Endpoints{BOSH: []string{"https://a.example/b"}}, false},
		{"no links", `{}`, Endpoints{}, false},
		{"null", `null`, Endpoints{}, true},
		{"array", `[]`, Endpoints{}, true},
		{"wrong type", `{"links":[{"rel":1}]}`, Endpoints{}, true},
		{"truncated", `{"links":[`, Endpoints{}, true},
		{"empty", ``, Endpoints{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseJRD([]byte(tt.doc))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrSyntax) {
				t.Fatalf("err = %v is not ErrSyntax", err)
			}
			if !equalEndpoints(got, tt.want) {
				t.Errorf("endpoints = %+v, want %+v", got, tt.want)
			}
		})
	}
}
