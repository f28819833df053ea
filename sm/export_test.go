package sm

// Resuming reports whether a connection is resuming the stream id.
func Resuming(srv *Server, id string) bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	k := srv.streams[id]
	return k != nil && k.resuming
}
