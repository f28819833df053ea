package xmpp_test

import (
	"encoding/xml"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// specRow is one supported spec, as the README table or the DOAP file says.
type specRow struct {
	Spec    string // "RFC 6120" or "XEP-0106"
	Status  string // complete, partial, planned, ... (XEPs only in DOAP)
	Version string // the XEP version implemented; empty for RFCs
}

var (
	readmeRow = regexp.MustCompile(`^\|\s*\[((?:RFC \d+)|(?:XEP-\d{4}))\]\([^)]*\)\s*\|[^|]*\|\s*(\w+)\s*\|\s*([^|]*?)\s*\|`)
	rfcURL    = regexp.MustCompile(`^https://www\.rfc-editor\.org/info/rfc(\d+)$`)
	xepURL    = regexp.MustCompile(`^https://xmpp\.org/extensions/xep-(\d{4})\.html$`)
)

func readmeSpecs(t *testing.T) []specRow {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "<!-- spec-table:start -->")
	end := strings.Index(text, "<!-- spec-table:end -->")
	if start < 0 || end < start {
		t.Fatal("README.md: spec table markers not found")
	}
	var rows []specRow
	for line := range strings.SplitSeq(text[start:end], "\n") {
		m := readmeRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		row := specRow{Spec: m[1], Status: m[2]}
		if strings.HasPrefix(row.Spec, "XEP") {
			row.Version = m[3]
		} else {
			row.Status = ""
		}
		rows = append(rows, row)
	}
	return rows
}

type doapFile struct {
	Implements []struct {
		Resource string `xml:"http://www.w3.org/1999/02/22-rdf-syntax-ns# resource,attr"`
		XEP      *struct {
			XEP struct {
				Resource string `xml:"http://www.w3.org/1999/02/22-rdf-syntax-ns# resource,attr"`
			} `xml:"https://linkmauve.fr/ns/xmpp-doap# xep"`
			Status  string `xml:"https://linkmauve.fr/ns/xmpp-doap# status"`
			Version string `xml:"https://linkmauve.fr/ns/xmpp-doap# version"`
		} `xml:"https://linkmauve.fr/ns/xmpp-doap# SupportedXep"`
	} `xml:"http://usefulinc.com/ns/doap# Project>implements"`
}

func doapSpecs(t *testing.T) []specRow {
	t.Helper()
	data, err := os.ReadFile("canto.doap")
	if err != nil {
		t.Fatal(err)
	}
	var f doapFile
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("canto.doap: %v", err)
	}
	var rows []specRow
	for _, imp := range f.Implements {
		switch {
		case imp.XEP != nil:
			m := xepURL.FindStringSubmatch(imp.XEP.XEP.Resource)
			if m == nil {
				t.Errorf("canto.doap: bad XEP resource %q", imp.XEP.XEP.Resource)
				continue
			}
			rows = append(rows, specRow{Spec: "XEP-" + m[1], Status: imp.XEP.Status, Version: imp.XEP.Version})
		default:
			m := rfcURL.FindStringSubmatch(imp.Resource)
			if m == nil {
				t.Errorf("canto.doap: bad RFC resource %q", imp.Resource)
				continue
			}
			rows = append(rows, specRow{Spec: "RFC " + m[1]})
		}
	}
	return rows
}

func TestREADMEAgreesWithDOAP(t *testing.T) {
	readme, doap := readmeSpecs(t), doapSpecs(t)
	if len(readme) == 0 {
		t.Fatal("README.md lists no specs")
	}
	byKey := func(a, b specRow) int { return strings.Compare(a.Spec, b.Spec) }
	slices.SortFunc(readme, byKey)
	slices.SortFunc(doap, byKey)
	if !slices.Equal(readme, doap) {
		t.Errorf("README.md and canto.doap disagree:\nREADME: %v\nDOAP:   %v", readme, doap)
	}
}
