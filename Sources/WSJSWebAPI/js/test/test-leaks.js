// SPDX-License-Identifier: MIT
// wsjs test: who opened which WebSocket and which timer, and the leak check at the end of a test
// (sockets not CLOSED, timers still pending). websocket.js and timers.js call the two hooks set
// here only in a test worker.
const P = internals.require("primordials").primordials;
const { callerLocation, shortStack } = internals.testRegistry;

const STATE_NAMES = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];
/// The transport's closing handshake timeout (WebSocketClientConfiguration.closeTimeout).
const CLOSE_TIMEOUT_MS = 5000;

/// What creates sockets and timers now: the running test's context, or null (file, beforeAll).
let owner = null;
const sockets = [];
const timers = [];
/// Per socket: its record (owner, where it was opened, messages no matcher consumed yet).
const socketRecords = new P.WeakMap();

/// Counts what the running test made (the worker skips the leak check of a test that made none).
function noteMade() {
  if (owner !== null) owner.made++;
  internals.testMadeSomething?.();
}

/// Only a test worker tracks sockets and timers (the API object alone does not).
const tracking = host.testWorker !== undefined;

function webSocketCreated(socket) {
  noteMade();
  const record = { socket, owner, location: callerLocation(shortStack()), messages: [], waiters: [], closeEvent: undefined, opened: false };
  P.WeakMapPrototypeSet(socketRecords, socket, record);
  P.ArrayPrototypePush(sockets, record);
  // Buffered from creation on, so a matcher called after the message arrived still sees it.
  internals.addEventListener.call(socket, "open", () => { record.opened = true; wake(record); });
  internals.addEventListener.call(socket, "message", (event) => { P.ArrayPrototypePush(record.messages, event.data); wake(record); });
  internals.addEventListener.call(socket, "close", (event) => { record.closeEvent = event; wake(record); });
}
if (tracking) internals.webSocketCreated = webSocketCreated;

function wake(record) {
  const waiters = record.waiters;
  record.waiters = [];
  for (let i = 0; i < waiters.length; i++) waiters[i]();
}

function timerCreated(timer) {
  noteMade();
  P.ArrayPrototypePush(timers, { timer, owner, location: callerLocation(shortStack()) });
}
if (tracking) internals.timerCreated = timerCreated;

const where = (location) => location === undefined ? "an unknown place" : `${location.file}:${location.line}:${location.column}`;

/// Waits (at most the close timeout) for sockets whose closing handshake has started.
function waitForClosing(records) {
  const closing = P.ArrayPrototypeFilter(records, (r) => r.socket.readyState === 2);
  if (closing.length === 0) return P.PromiseResolve();
  return new P.Promise((resolve) => {
    const cancel = internals.startInternalTimer(CLOSE_TIMEOUT_MS, resolve);
    const check = () => {
      for (let i = 0; i < closing.length; i++) {
        if (closing[i].socket.readyState !== 3) {
          P.ArrayPrototypePush(closing[i].waiters, check);
          return;
        }
      }
      cancel();
      resolve();
    };
    check();
  });
}

/// The leaks of `who` (a test context, or null for the file) as report lines; the leaked sockets
/// are then closed at once and the timers cleared, so the file goes on. With `check` false
/// (leakCheck: false, --no-leak-check) nothing is reported or stopped.
async function collectLeaks(who, check) {
  if (!check) {
    // Leak check off: what the test left running stays running, untracked.
    removeOwned(sockets, who);
    removeOwned(timers, who);
    return [];
  }
  const mine = P.ArrayPrototypeFilter(sockets, (r) => r.owner === who && r.socket.readyState !== 3);
  await waitForClosing(mine);
  const lines = [];
  for (let i = 0; i < mine.length; i++) {
    const record = mine[i];
    const state = record.socket.readyState;
    if (state === 3) continue;
    P.ArrayPrototypePush(lines, `leak: WebSocket to ${record.socket.url} opened at ${where(record.location)} is still ${STATE_NAMES[state]} — close it before the test ends`);
    internals.abandonWebSocket(record.socket);
  }
  for (let i = 0; i < timers.length; i++) {
    const entry = timers[i];
    if (entry.owner !== who || !internals.timerIsActive(entry.timer.id)) continue;
    const kind = entry.timer.repeat ? "setInterval" : "setTimeout";
    P.ArrayPrototypePush(lines, `leak: ${kind}(…, ${entry.timer.timeout}) created at ${where(entry.location)} is still pending — clear it with ${entry.timer.repeat ? "clearInterval" : "clearTimeout"} before the test ends`);
    internals.clearTimeout(entry.timer.id);
  }
  // Forget what has been checked.
  removeOwned(sockets, who);
  removeOwned(timers, who);
  return lines;
}

function removeOwned(list, who) {
  for (let i = list.length - 1; i >= 0; i--) if (list[i].owner === who) P.ArrayPrototypeSplice(list, i, 1);
}

internals.testLeaks = {
  setOwner(value) { owner = value; },
  get owner() { return owner; },
  collectLeaks,
  socketRecord: (socket) => P.WeakMapPrototypeGet(socketRecords, socket),
  STATE_NAMES,
};
