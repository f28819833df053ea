package upload

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/canto-im/xmpp/stanza"
	"github.com/canto-im/xmpp/xmlstream"
	"github.com/canto-im/xmpp/xtime"
)

// FileTooLargeError is the service's answer to a file larger than it
// takes (§6): a not-acceptable error with <file-too-large/>.
type FileTooLargeError struct {
	Max int64 // the largest size the service takes; 0 if it did not say
	Err stanza.Error
}

func (e *FileTooLargeError) Error() string {
	if e.Max > 0 {
		return fmt.Sprintf("upload: file too large (at most %d bytes)", e.Max)
	}
	return "upload: file too large"
}

// Unwrap returns the stanza error.
func (e *FileTooLargeError) Unwrap() error { return e.Err }

// RetryError is a temporary refusal, such as a quota reached, with the
// time from which to try again (§6).
type RetryError struct {
	Stamp time.Time
	Err   stanza.Error
}

func (e *RetryError) Error() string {
	return "upload: refused until " + e.Stamp.UTC().Format(time.RFC3339) + ": " + e.Err.Error()
}

// Unwrap returns the stanza error.
func (e *RetryError) Unwrap() error { return e.Err }

// fileTooLarge returns the §6 error for a file over max bytes.
func fileTooLarge(max int64) stanza.Error {
	e := stanza.NewError(stanza.NotAcceptable)
	e.Text = "File too large. The maximum file size is " + strconv.FormatInt(max, 10) + " bytes"
	e.App = stanza.NewAppCondition(NS, "file-too-large")
	e.App.Inner = []xml.Token{
		xml.StartElement{Name: xml.Name{Space: NS, Local: "max-file-size"}},
		xml.CharData(strconv.FormatInt(max, 10)),
		xml.EndElement{Name: xml.Name{Space: NS, Local: "max-file-size"}},
	}
	return e
}

// retryAt returns a temporary resource-constraint error telling when to
// try again.
func retryAt(stamp time.Time, text string) stanza.Error {
	e := stanza.Error{Type: stanza.Wait, Condition: stanza.ResourceConstraint, Text: text}
	e.App = stanza.NewAppCondition(NS, "retry", xml.Attr{Name: xml.Name{Local: "stamp"}, Value: xtime.FormatDateTime(stamp)})
	return e
}

// fromStanzaError turns a service's error answer into *FileTooLargeError
// or *RetryError when it carries their application condition.
func fromStanzaError(err error) error {
	var se stanza.Error
	if !errors.As(err, &se) || se.App.XMLName.Space != NS {
		return err
	}
	switch se.App.XMLName.Local {
	case "file-too-large":
		return &FileTooLargeError{Max: maxFromApp(se.App), Err: se}
	case "retry":
		for _, a := range se.App.Attr {
			if a.Name.Local == "stamp" {
				if t, perr := xtime.ParseDateTime(a.Value); perr == nil {
					return &RetryError{Stamp: t, Err: se}
				}
			}
		}
	}
	return err
}

// maxFromApp reads <max-file-size/> inside <file-too-large/>.
func maxFromApp(a stanza.AppCondition) int64 {
	in := false
	for _, t := range a.Inner {
		switch t := t.(type) {
		case xml.StartElement:
			in = t.Name.Local == "max-file-size"
		case xml.CharData:
			if in {
				if n, err := parseSize(string(t)); err == nil {
					return n
				}
			}
		case xml.EndElement:
			in = false
		}
	}
	return 0
}

var _ xmlstream.Marshaler = Request{}
