package xmpptest

import (
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/canto-im/xmpp/stream"
	"github.com/canto-im/xmpp/xmlstream"
)

// Peer is one end of a connection driven by a test: it writes raw XML, the
// way a buggy or hostile peer might, and reads what the session under test
// writes, one element at a time. Every read and write gives up after
// Timeout.
type Peer struct {
	Conn    net.Conn
	Timeout time.Duration
	dec     *xmlstream.Decoder
	el      xmlstream.Element
}

// NewPeer drives conn; reads and writes time out after 5 seconds.
func NewPeer(conn net.Conn) *Peer {
	return &Peer{Conn: conn, Timeout: 5 * time.Second, dec: xmlstream.NewDecoder(conn, xmlstream.Limits{})}
}

// Write sends raw bytes as they are.
func (p *Peer) Write(raw string) error {
	_ = p.Conn.SetWriteDeadline(time.Now().Add(p.Timeout))
	_, err := io.WriteString(p.Conn, raw)
	return err
}

// ReadHeader reads the stream header the session sent. After a TLS switch
// or a stream restart, call Reset first.
func (p *Peer) ReadHeader() (stream.Header, error) {
	_ = p.Conn.SetReadDeadline(time.Now().Add(p.Timeout))
	return stream.ReadHeader(p.dec)
}

// Read returns the next element the session sent, valid until the next Read.
// At the session's closing tag it returns xmlstream.ErrStreamEnd.
func (p *Peer) Read() (*xmlstream.Element, error) {
	_ = p.Conn.SetReadDeadline(time.Now().Add(p.Timeout))
	if err := p.dec.ReadElement(&p.el); err != nil {
		return nil, err
	}
	return &p.el, nil
}

// Expect reads the next element and checks its name.
func (p *Peer) Expect(space, local string) (*xmlstream.Element, error) {
	el, err := p.Read()
	if err != nil {
		return nil, fmt.Errorf("waiting for <%s xmlns='%s'/>: %w", local, space, err)
	}
	if el.Name() != (xml.Name{Space: space, Local: local}) {
		return nil, fmt.Errorf("got <%s xmlns='%s'/>, want <%s xmlns='%s'/>", el.Name().Local, el.Name().Space, local, space)
	}
	return el, nil
}

// ExpectStreamError reads until the session's stream error and returns it.
func (p *Peer) ExpectStreamError() (stream.Error, error) {
	for {
		el, err := p.Read()
		if err != nil {
			return stream.Error{}, fmt.Errorf("waiting for a stream error: %w", err)
		}
		if el.Name() == (xml.Name{Space: stream.NS, Local: "error"}) {
			return stream.ParseError(el)
		}
	}
}

// Reset forgets buffered input, as a peer does at a stream restart.
func (p *Peer) Reset(conn net.Conn) {
	p.Conn = conn
	p.dec.Reset(conn)
}

// Close closes the connection.
func (p *Peer) Close() error { return p.Conn.Close() }
