module github.com/canto-im/xmpp

go 1.26.0

require (
	github.com/coder/websocket v1.8.15 // indirect
	github.com/xdg-go/scram v1.4.0 // indirect
	github.com/xdg-go/stringprep v1.0.4 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
