// An @xmpp/client (xmpp.js) client for the instant-messaging conversation
// of im_test.go, over TCP with STARTTLS. xmpp.js has no plugins for
// receipts, chat states or corrections: the elements are built and read
// here from XEP-0184, XEP-0085 and XEP-0308. The conversation is
// slixmpp_im.py's.
import { client, xml } from "@xmpp/client";
import { args, finish, bare, STEP_TIMEOUT, onError, stop } from "./common.mjs";

const RECEIPTS = "urn:xmpp:receipts";
const CHATSTATES = "http://jabber.org/protocol/chatstates";
const CORRECT = "urn:xmpp:message-correct:0";
const [FIRST_ID, FIRST, FIXED] = ["m1", "helo", "hello"];
const [PING, PONG] = ["ping from canto", "pong from canto"];

const a = args();
const xmpp = client({ service: "xmpp://" + a.domain + ":" + a.port, domain: a.domain, username: a.user, password: a.password, resource: "xmppjs", timeout: STEP_TIMEOUT });
xmpp.on("error", onError);

// Messages from the Canto client, read in order by next().
const inbox = [];
let wake = null;
xmpp.on("stanza", (st) => {
  if (!st.is("message") || bare(st.attrs.from) !== a.echo) return;
  if (st.attrs.type === "error") return finish(new Error("message bounced: " + st.toString()));
  inbox.push(st);
  if (wake) wake();
});

// next waits for the next message that want accepts, dropping the others.
async function next(want) {
  for (;;) {
    while (inbox.length > 0) {
      const st = inbox.shift();
      if (want(st)) return st;
    }
    await new Promise((resolve) => (wake = resolve));
  }
}

try {
  await xmpp.start();
  await xmpp.send(xml("presence"));
  await xmpp.send(xml("message", { to: a.echo, type: "chat", id: FIRST_ID },
    xml("body", {}, FIRST), xml("request", RECEIPTS), xml("active", CHATSTATES)));
  const r = await next((st) => st.getChild("received", RECEIPTS));
  if (r.getChild("received", RECEIPTS).attrs.id !== FIRST_ID) throw new Error("receipt for " + r.toString());

  await xmpp.send(xml("message", { to: a.echo, type: "chat" }, xml("composing", CHATSTATES)));
  await xmpp.send(xml("message", { to: a.echo, type: "chat", id: "m2" },
    xml("body", {}, FIXED), xml("replace", { xmlns: CORRECT, id: FIRST_ID })));

  await next((st) => st.getChild("composing", CHATSTATES) && st.getChildText("body") === null);
  const ping = await next((st) => st.getChildText("body") === PING);
  if (!ping.getChild("request", RECEIPTS)) throw new Error("the Canto message asks for no receipt: " + ping.toString());
  // XEP-0184 §4: the ack echoes the id, in a message of the same type.
  await xmpp.send(xml("message", { to: ping.attrs.from, type: ping.attrs.type, id: "r1" },
    xml("received", { xmlns: RECEIPTS, id: ping.attrs.id })));
  const pong = await next((st) => st.getChildText("body") !== null);
  const replace = pong.getChild("replace", CORRECT);
  if (pong.getChildText("body") !== PONG || !replace || replace.attrs.id !== ping.attrs.id) {
    throw new Error("got " + pong.toString() + ", want a correction of " + ping.attrs.id);
  }
  await stop(xmpp);
  finish();
} catch (err) {
  finish(err);
}
