package xmlstream

import (
	"bytes"
	"strings"
	"testing"
)

// The stanzas of internal/bench's workloads as the Writer sends them.
var workloadStanzas = map[string]string{
	"Message":  `<message id="02d138d1cb9c7f6a" to="b@example.net/bench" type="chat"><body>hello</body></message>`,
	"IQGet":    `<iq id="e188ad6b7928132e" to="example.net" type="get"><ping xmlns="urn:xmpp:ping"/></iq>`,
	"IQResult": `<iq id="e188ad6b7928132e" to="a@example.net/bench" from="example.net" type="result"/>`,
	"Bind":     `<iq id="0c5d5832bcb6f030" type="set"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"><resource>bench</resource></bind></iq>`,
}

// BenchmarkReadWorkload reads each workload stanza from a stream of 1000
// copies: the cost per stanza of the decoding on the benchmarks' paths.
func BenchmarkReadWorkload(b *testing.B) {
	for _, name := range []string{"Message", "IQGet", "IQResult", "Bind"} {
		b.Run(name, func(b *testing.B) {
			const copies = 1000
			data := []byte(`<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.net' version='1.0'>` +
				strings.Repeat(workloadStanzas[name], copies))
			r := bytes.NewReader(data)
			d := NewDecoder(r, Limits{})
			var el Element
			b.ReportAllocs()
			n := copies
			for b.Loop() {
				if n == copies {
					r.Reset(data)
					d.Reset(r)
					if _, err := d.ReadStart(); err != nil {
						b.Fatal(err)
					}
					n = 0
				}
				if err := d.ReadElement(&el); err != nil {
					b.Fatal(err)
				}
				n++
			}
		})
	}
}
