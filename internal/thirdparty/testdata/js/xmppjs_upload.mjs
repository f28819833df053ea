// @xmpp/client (xmpp.js) uploads a file through XEP-0363. xmpp.js has no
// upload plugin, so this does what a client would by hand: find the
// service in disco#items and disco#info of the domain's items (§2), ask
// it for a slot with the IQ caller (§4), PUT the file with fetch, with the
// headers the slot names (§5), then GET it back and compare the bytes.
// Prints "URL <get url>" before OK, for the test to fetch the file too.
// The server's and the upload service's certificates are trusted through
// NODE_EXTRA_CA_CERTS.
import { client, xml } from "@xmpp/client";
import { createHash } from "node:crypto";
import { args, finish, STEP_TIMEOUT, onError, stop } from "./common.mjs";

const NS = "urn:xmpp:http:upload:0";
const DISCO_INFO = "http://jabber.org/protocol/disco#info";
const DISCO_ITEMS = "http://jabber.org/protocol/disco#items";

const a = args();
const xmpp = client({ service: "xmpp://" + a.domain + ":" + a.port, domain: a.domain, username: a.user, password: a.password, resource: "xmppjs", timeout: STEP_TIMEOUT });
xmpp.on("error", onError);

// The file: every byte value, then text with multi-byte UTF-8, a few
// times over; its name needs escaping in a URL.
const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from("très ✓ 😀\n".repeat(2000))]);
const filename = "très cool ✓ & more.bin";
const contentType = "application/octet-stream";

const iq = (type, to, child) => xmpp.iqCaller.request(xml("iq", { type, to }, child));

// findService returns the first item of the domain whose disco#info has
// the upload feature, and its max-file-size (0: none given).
async function findService() {
  const items = await iq("get", a.domain, xml("query", DISCO_ITEMS));
  for (const item of items.getChild("query", DISCO_ITEMS).getChildren("item")) {
    const info = await iq("get", item.attrs.jid, xml("query", DISCO_INFO));
    const q = info.getChild("query", DISCO_INFO);
    if (!q.getChildren("feature").some((f) => f.attrs.var === NS)) continue;
    let max = 0;
    for (const form of q.getChildren("x", "jabber:x:data")) {
      for (const field of form.getChildren("field")) {
        if (field.attrs.var === "max-file-size") max = Number(field.getChildText("value"));
      }
    }
    return { jid: item.attrs.jid, max };
  }
  throw new Error("no upload service among the domain's items");
}

try {
  await xmpp.start();
  const svc = await findService();
  if (svc.max !== 0 && svc.max < data.length) throw new Error(`${svc.jid} takes at most ${svc.max} bytes`);
  const res = await iq("get", svc.jid, xml("request", { xmlns: NS, filename, size: String(data.length), "content-type": contentType }));
  const slot = res.getChild("slot", NS);
  if (!slot) throw new Error("no slot in " + res.toString());
  const put = slot.getChild("put");
  const get = slot.getChild("get");
  const headers = { "Content-Type": contentType };
  for (const h of put.getChildren("header")) {
    // §5: only these may come from the slot; others are ignored.
    if (["Authorization", "Cookie", "Expires"].includes(h.attrs.name)) headers[h.attrs.name] = h.text().replace(/[\r\n]/g, "");
  }
  const up = await fetch(put.attrs.url, { method: "PUT", headers, body: data });
  if (up.status !== 201 && up.status !== 200) throw new Error(`PUT ${put.attrs.url}: ${up.status}`);
  const down = await fetch(get.attrs.url);
  const got = Buffer.from(await down.arrayBuffer());
  if (down.status !== 200 || !got.equals(data)) throw new Error(`GET ${get.attrs.url}: ${down.status}, ${got.length} bytes, want ${data.length}`);
  console.log("URL " + get.attrs.url);
  console.log("SHA256 " + createHash("sha256").update(data).digest("hex"));
  await stop(xmpp);
  finish();
} catch (err) {
  finish(err);
}
