package xmlstream

// WaitInput returns once input is buffered, waiting for the reader when
// none is, or once reading has failed; the failure is then what the next
// ReadElement returns, as it would without WaitInput. Call it between
// top-level elements: a reader that takes the Element it reads into only
// after WaitInput does not hold that Element's storage while its peer is
// idle.
func (d *Decoder) WaitInput() {
	if d.err != nil || d.rerr != nil || d.pos < d.end {
		return
	}
	// Nothing is buffered, so no index into buf is held and the shift
	// fill reports moves nothing of anyone's. Its error is kept in rerr.
	_, _ = d.fill(d.pos)
}
