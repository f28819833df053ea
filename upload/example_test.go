package upload_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/canto-im/xmpp"

	"github.com/canto-im/xmpp/jid"
	"github.com/canto-im/xmpp/upload"
	"github.com/canto-im/xmpp/xmpptest"
)

// A slot request, and the message that shares the uploaded file.
func ExampleMessage() {
	req, _ := xmpptest.MarshalString("", upload.Request{Filename: "très cool.jpg", Size: 23456, ContentType: "image/jpeg"})
	fmt.Println(req)
	m := upload.Message(jid.MustParse("juliet@capulet.lit"), "https://upload.montague.tld/4a77/tr%C3%A8s%20cool.jpg")
	m.Header.ID = "m1"
	out, err := xmpptest.MarshalString("jabber:client", m)
	fmt.Println(out, err)
	// Output:
	// <request xmlns="urn:xmpp:http:upload:0" filename="très cool.jpg" size="23456" content-type="image/jpeg"/>
	// <message id="m1" to="juliet@capulet.lit" type="chat"><body>https://upload.montague.tld/4a77/tr%C3%A8s%20cool.jpg</body><x xmlns="jabber:x:oob"><url>https://upload.montague.tld/4a77/tr%C3%A8s%20cool.jpg</url></x></message> <nil>
}

// A service answering a client directly (in a server it is a component,
// see Service), with its HTTP side on a test server: the client finds it,
// uploads, and the file is there.
func ExampleClient_Upload() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	web := httptest.NewUnstartedServer(nil)
	svc, err := upload.NewService(upload.ServiceConfig{
		Domain:  jid.MustParse("upload.example.net"),
		BaseURL: "https://" + web.Listener.Addr().String() + "/",
		Allow:   func(from jid.JID) bool { return from.Bare().String() == "juliet@example.net" },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	web.Config.Handler = svc
	web.StartTLS()
	defer web.Close()
	client, server, err := xmpptest.NewClientServer(ctx, xmpptest.Options{Server: xmpp.Config{Handler: svc}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer server.Close(ctx)
	defer client.Close(ctx)

	info, err := upload.Discover(ctx, client, client.RemoteAddr())
	fmt.Println(info.MaxFileSize, err)
	c := upload.Client{HTTP: web.Client()}
	body := "Romeo, Romeo!"
	u, err := c.Upload(ctx, client, info.JID, upload.Request{Filename: "note.txt", Size: int64(len(body)), ContentType: "text/plain"}, strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := web.Client().Get(u)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	fmt.Printf("%s %q %s\n", resp.Status, got, resp.Header.Get("Content-Disposition"))
	// Output:
	// 10485760 <nil>
	// 200 OK "Romeo, Romeo!" attachment; filename=note.txt
}
