// @xmpp/client logs in with SASL2 (XEP-0388), Bind 2 (XEP-0386) and a
// FAST token request (XEP-0484), then logs in again with the token and a
// wrong password: only FAST can let the second login in.
import { client, xml } from "@xmpp/client";
import { args, finish, bare, STEP_TIMEOUT } from "./common.mjs";

const a = args();
const service = "xmpp://" + a.domain + ":" + a.port;
const userAgent = () => xml("user-agent", { id: "2f7f4a0e-6c1b-4d7e-9b0a-3c5d8e1f2a4b" }, xml("software", {}, "xmpp.js"));
let saved = null;

async function login(password) {
  const xmpp = client({ service, domain: a.domain, username: a.user, password, resource: "xmppjs", timeout: STEP_TIMEOUT, userAgent: userAgent() });
  xmpp.fast.saveToken = async (t) => { saved = t; };
  xmpp.fast.fetchToken = async () => saved;
  xmpp.on("error", () => {});
  const address = await xmpp.start();
  await xmpp.iqCaller.request(xml("iq", { type: "get", to: a.domain }, xml("ping", "urn:xmpp:ping")));
  await xmpp.stop();
  return String(address);
}

try {
  const first = await login(a.password);
  if (!saved || !saved.token) throw new Error("no FAST token after the first login");
  if (bare(first) !== a.user + "@" + a.domain || !first.includes("/xmppjs/")) throw new Error("first login bound " + first);
  const token = saved.token;
  const second = await login("wrong-" + a.password);
  if (!second.includes("/xmppjs/")) throw new Error("second login bound " + second);
  console.log("MECHANISM " + saved.mechanism);
  console.log("ROTATED " + (saved.token !== token));
  finish();
} catch (err) {
  finish(err);
}
