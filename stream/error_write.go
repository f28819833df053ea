package stream

import (
	"encoding/xml"

	"github.com/canto-im/xmpp/xmlstream"
)

// WriteXML writes e as a <stream:error/> element (RFC 6120 §4.9.2). The
// element takes the stream: prefix when the writer has it bound (as
// [Header.WriteStart] does), and declares its namespace otherwise (as on
// WebSocket connections). A missing condition is written as
// undefined-condition. It implements xmlstream.Marshaler.
func (e Error) WriteXML(w xmlstream.Encoder) error {
	if err := w.Start(errorName); err != nil {
		return err
	}
	if err := e.writeCondition(w); err != nil {
		return err
	}
	if err := e.writeText(w); err != nil {
		return err
	}
	if !e.App.IsZero() {
		if err := e.App.WriteXML(w); err != nil {
			return err
		}
	}
	return w.End()
}

func (e *Error) writeCondition(w xmlstream.Encoder) error {
	cond := e.condition()
	var host string
	if cond == SeeOtherHost.Condition {
		host = e.Host
	}
	return w.TextElement(xml.Name{Space: NSError, Local: cond}, host)
}

func (e *Error) writeText(w xmlstream.Encoder) error {
	if e.Text == "" && e.Lang == "" {
		return nil // an empty <text/> with a language still round-trips
	}
	var buf [1]xml.Attr
	attrs := buf[:0]
	if e.Lang != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Space: nsXML, Local: "lang"}, Value: e.Lang})
	}
	return w.TextElement(xml.Name{Space: NSError, Local: "text"}, e.Text, attrs...)
}
