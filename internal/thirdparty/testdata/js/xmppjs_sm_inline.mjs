// @xmpp/client logs in with SASL2 and Bind 2 and enables XEP-0198 stream
// management inside the Bind 2 request; its connection is then cut, and
// on reconnecting it resumes the stream inside SASL2 authentication
// (XEP-0198 "SASL2 And BIND2 Interaction"), keeping its full JID. Neither
// step may use the top-level <enable/> or <resume/>.
import { client, xml } from "@xmpp/client";
import { args, finish, STEP_TIMEOUT } from "./common.mjs";

const a = args();
const service = "xmpp://" + a.domain + ":" + a.port;
const NS = "urn:xmpp:sm:3";

try {
  const xmpp = client({
    service, domain: a.domain, username: a.user, password: a.password, resource: "xmppjs", timeout: STEP_TIMEOUT,
    userAgent: xml("user-agent", { id: "5b2e9c1a-7d3f-4e8a-b6c0-1f2a3b4c5d6e" }, xml("software", {}, "xmpp.js")),
  });
  xmpp.on("error", () => {});
  const topLevel = [];
  xmpp.on("send", (el) => {
    if (el.attrs.xmlns === NS && (el.name === "enable" || el.name === "resume")) topLevel.push(el.name);
  });
  const sm = xmpp.streamManagement;
  const address = String(await xmpp.start());
  if (!sm.enabled || !sm.id) throw new Error("stream management not enabled after login");
  console.log("ENABLED INLINE " + (topLevel.length === 0));

  const resumed = new Promise((resolve, reject) => {
    sm.once("resumed", resolve);
    setTimeout(() => reject(new Error("not resumed")), 20000).unref();
  });
  xmpp.socket.socket.destroy(); // the connection dies, without a closing tag
  await resumed;
  await xmpp.iqCaller.request(xml("iq", { type: "get", to: a.domain }, xml("ping", "urn:xmpp:ping")));
  console.log("RESUMED INLINE " + (topLevel.length === 0) + " SAME JID " + (String(xmpp.jid) === address));
  await xmpp.stop();
  finish();
} catch (err) {
  finish(err);
}
