// Package bench holds Canto's standard benchmark workload: message
// throughput and IQ round trips between two negotiated sessions over
// net.Pipe and TCP loopback, session setup, logins and routing through the
// embedded server over STARTTLS, and the raw-transport ceilings and floors
// (the same bytes with no XML) they are compared with: BenchmarkFloorPipe,
// BenchmarkFloorTCP and BenchmarkFloorTCPParallel for the IQ round trips,
// BenchmarkSetupFloorPipe for set-up, BenchmarkFloorRouteTLS for
// BenchmarkRouteTLS (the same pairs over the same TLS through a relay that
// moves the server's bytes). A target is stated as its ratio to its floor
// taken in the same run. It has no code of its own beyond the benchmarks;
// run them with
//
//	go test -run '^$' -bench . -benchmem ./internal/bench
//
// The embedded server's benchmarks log nothing unless CANTO_BENCH_LOG
// names a level (debug, info, warn, error): then the server's log goes to
// standard error, saying, for one, why it ended a session.
package bench
