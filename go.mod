module github.com/canto-im/xmpp

go 1.26.0

require (
	github.com/coder/websocket v1.8.15
	github.com/xdg-go/scram v1.4.0
	golang.org/x/net v0.62.0
	golang.org/x/text v0.43.0
)

require github.com/xdg-go/stringprep v1.0.4 // indirect
