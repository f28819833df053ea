// @xmpp/client subscribes to a Canto client's presence through the
// embedded server, and is subscribed to in turn (RFC 6121 §3), over
// STARTTLS. Arguments as common.mjs says; prints OK.
import { client, xml } from "@xmpp/client";
import { args, finish, bare, STEP_TIMEOUT, onError, stop } from "./common.mjs";

const a = args();
const xmpp = client({ service: "xmpp://" + a.domain + ":" + a.port, domain: a.domain, username: a.user, password: a.password, resource: "xmppjs", timeout: STEP_TIMEOUT });
xmpp.on("error", onError);

const seen = { subscribed: false, subscribe: false, available: false };
const all = new Promise((resolve) => {
  xmpp.on("stanza", async (st) => {
    if (!st.is("presence") || bare(st.attrs.from) !== a.echo) return;
    const type = st.attrs.type || "available";
    if (type === "subscribe") await xmpp.send(xml("presence", { to: a.echo, type: "subscribed" }));
    if (type in seen) seen[type] = true;
    if (seen.subscribed && seen.subscribe && seen.available) resolve();
  });
});

try {
  await xmpp.start();
  await xmpp.send(xml("presence"));
  await xmpp.send(xml("presence", { to: a.echo, type: "subscribe" }));
  await all;
  await stop(xmpp);
  finish();
} catch (err) {
  finish(err);
}
