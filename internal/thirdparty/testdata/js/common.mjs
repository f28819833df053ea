// Shared by the JavaScript clients of the third-party suite: the command
// line (HOST PORT DOMAIN USER PASSWORD CA_FILE ECHO_JID MODE, where MODE
// is starttls, direct-tls or websocket and, for websocket, HOST is the
// wss:// URL), the message from $CANTO_BODY, and the result line.
export function args() {
  const [host, port, domain, user, password, ca, echo, mode] = process.argv.slice(2, 10);
  const body = process.env.CANTO_BODY;
  return { host, port, domain, user, password, ca, echo, mode, body, want: process.env.CANTO_ECHO_PREFIX + body };
}

// finish prints OK or the failure and exits; a run is bounded in time.
export function finish(err) {
  if (err) {
    console.log("FAIL: " + (err && err.stack ? err.stack.split("\n")[0] : err));
    process.exit(1);
  }
  console.log("OK");
  process.exit(0);
}

setTimeout(() => finish(new Error("timed out")), 30000).unref();

// STEP_TIMEOUT bounds each step of xmpp.js's negotiation (its default, 2
// s, is too short for a server hashing SCRAM on a loaded test machine).
export const STEP_TIMEOUT = 15000;

// bare strips the resource of a JID string.
export function bare(jid) {
  return String(jid).split("/")[0];
}

// A client fails on any connection error, except a reset or broken pipe
// while it stops after its conversation succeeded: the server may close
// its side first (ejabberd now and then does), and the reset is then the
// kernel's answer to bytes still in flight, not a failed conversation.
let stopping = false;

// onError is a client's "error" handler.
export function onError(err) {
  if (stopping && (err.code === "ECONNRESET" || err.code === "EPIPE")) return;
  finish(err);
}

// stop ends the client's session once its conversation is done.
export async function stop(xmpp) {
  stopping = true;
  try {
    await xmpp.stop();
  } catch (err) {
    onError(err);
  }
}
