// A StanzaJS client for the third-party suite, over WebSocket (StanzaJS
// has no TCP transport in Node.js). The server's certificate is trusted
// through NODE_EXTRA_CA_CERTS.
import * as XMPP from "stanza";
import { args, finish, bare } from "./common.mjs";

const a = args();
const c = XMPP.createClient({
  jid: `${a.user}@${a.domain}/stanzajs`,
  password: a.password,
  transports: { websocket: a.host, bosh: false },
});

c.on("stream:error", (err) => finish(new Error("stream error: " + JSON.stringify(err))));
c.on("auth:failed", () => finish(new Error("authentication failed")));
let done = false;
c.on("disconnected", () => done || finish(new Error("disconnected")));

c.on("message", (msg) => {
  if (msg.type === "error") return finish(new Error("message bounced: " + JSON.stringify(msg)));
  if (msg.body === undefined) return;
  if (msg.body !== a.want || bare(msg.from) !== a.echo) return finish(new Error(`got ${JSON.stringify(msg.body)} from ${msg.from}`));
  (async () => {
    await c.ping(a.domain);
    const info = await c.getDiscoInfo(a.domain);
    if (!info.features.includes("urn:xmpp:ping")) throw new Error("server disco#info lacks ping: " + info.features);
    done = true;
    c.disconnect();
    finish();
  })().catch(finish);
});

c.on("session:started", () => {
  c.sendPresence();
  c.sendMessage({ to: a.echo, type: "chat", body: a.body });
});

c.connect();
