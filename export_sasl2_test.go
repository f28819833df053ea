package xmpp

import "io"

// RawLogForTest returns the writer side of a raw log on w.
func RawLogForTest(w io.Writer) io.Writer { return newRawLog(w).writer() }
