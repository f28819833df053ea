// A Strophe.js client for the third-party suite, over WebSocket with the
// ws package (Strophe.js's Node.js build). The server's certificate is
// trusted through NODE_EXTRA_CA_CERTS.
import { Strophe, $msg, $pres, $iq } from "strophe.js";
import { args, finish, bare } from "./common.mjs";

const a = args();
const conn = new Strophe.Connection(a.host, { protocol: "wss" });

function request(iq) {
  return new Promise((resolve, reject) => conn.sendIQ(iq, resolve, (e) => reject(new Error("IQ failed: " + (e ? e.outerHTML || e : "timeout"))), 15000));
}

conn.addHandler((msg) => {
  if (msg.getAttribute("type") === "error") {
    finish(new Error("message bounced"));
    return false;
  }
  const b = msg.getElementsByTagName("body")[0];
  if (!b) return true;
  const text = b.textContent;
  if (text !== a.want || bare(msg.getAttribute("from")) !== a.echo) {
    finish(new Error(`got ${JSON.stringify(text)} from ${msg.getAttribute("from")}`));
    return false;
  }
  (async () => {
    await request($iq({ type: "get", to: a.domain }).c("ping", { xmlns: "urn:xmpp:ping" }));
    const info = await request($iq({ type: "get", to: a.domain }).c("query", { xmlns: "http://jabber.org/protocol/disco#info" }));
    const features = Array.from(info.getElementsByTagName("feature")).map((f) => f.getAttribute("var"));
    if (!features.includes("urn:xmpp:ping")) throw new Error("server disco#info lacks ping: " + features);
    conn.disconnect();
    finish();
  })().catch(finish);
  return false;
}, null, "message");

conn.connect(`${a.user}@${a.domain}/strophejs`, a.password, (status, cond) => {
  if (status === Strophe.Status.CONNECTED) {
    conn.send($pres());
    conn.send($msg({ to: a.echo, type: "chat" }).c("body").t(a.body));
  } else if ([Strophe.Status.CONNFAIL, Strophe.Status.AUTHFAIL, Strophe.Status.ERROR].includes(status)) {
    finish(new Error(`connection status ${status} ${cond || ""}`));
  }
});
