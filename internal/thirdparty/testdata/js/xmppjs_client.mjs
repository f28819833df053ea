// An @xmpp/client (xmpp.js) client for the third-party suite, over TCP
// with STARTTLS (xmpp://), direct TLS (xmpps://) or WebSocket (wss://).
// The server's certificate is trusted through NODE_EXTRA_CA_CERTS.
import { client, xml } from "@xmpp/client";
import { args, finish, bare, STEP_TIMEOUT, onError, stop } from "./common.mjs";

const a = args();
if (a.mode === "websocket" && globalThis.WebSocket === undefined) {
  // Node.js 20 has no global WebSocket (22 has): give xmpp.js the ws package's.
  globalThis.WebSocket = (await import("ws")).WebSocket;
}
const service = a.mode === "websocket" ? a.host : (a.mode === "direct-tls" ? "xmpps://" : "xmpp://") + a.domain + ":" + a.port;
const xmpp = client({ service, domain: a.domain, username: a.user, password: a.password, resource: "xmppjs", timeout: STEP_TIMEOUT });

xmpp.on("error", onError);

const echoed = new Promise((resolve, reject) => {
  xmpp.on("stanza", (st) => {
    if (!st.is("message")) return;
    if (st.attrs.type === "error") return reject(new Error("message bounced: " + st.toString()));
    const text = st.getChildText("body");
    if (text === null) return;
    if (text !== a.want || bare(st.attrs.from) !== a.echo) return reject(new Error(`got ${JSON.stringify(text)} from ${st.attrs.from}`));
    resolve();
  });
});

try {
  await xmpp.start();
  await xmpp.send(xml("presence"));
  await xmpp.send(xml("message", { to: a.echo, type: "chat" }, xml("body", {}, a.body)));
  await echoed;
  await xmpp.iqCaller.request(xml("iq", { type: "get", to: a.domain }, xml("ping", "urn:xmpp:ping")));
  const info = await xmpp.iqCaller.request(xml("iq", { type: "get", to: a.domain }, xml("query", "http://jabber.org/protocol/disco#info")));
  const features = info.getChild("query").getChildren("feature").map((f) => f.attrs.var);
  if (!features.includes("urn:xmpp:ping")) throw new Error("server disco#info lacks ping: " + features);
  await stop(xmpp);
  finish();
} catch (err) {
  finish(err);
}
