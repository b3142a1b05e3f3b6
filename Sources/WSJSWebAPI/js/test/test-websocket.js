// SPDX-License-Identifier: MIT
// wsjs test: the WebSocket helpers. once(target, type, { timeout, signal }) for any EventTarget,
// and the socket matchers expect(ws).toOpen / toReceive / toClose. The matchers read the socket's
// buffer that test-leaks.js keeps from the socket's creation on, so a message that arrived before
// the matcher was called still counts: `ws.send(x); await expect(ws).toReceive(x)` cannot race.
const P = internals.require("primordials").primordials;
const { domException } = internals.require("dom-exception");
const { equals, isAsymmetric, show, bytesOf, sameBytes } = internals.require("test/test-equality").testEquality;
const { addMatchers, hint } = internals.require("test/test-expect").testExpect;
const leaks = internals.testLeaks;

function describeTarget(target) {
  try {
    if (target instanceof internals.require("websocket").WebSocket) return `WebSocket to ${target.url}`;
  } catch {}
  const name = target?.constructor?.name;
  return typeof name === "string" && name !== "" ? name : "the target";
}

/// Notes what the running test awaits, so its timeout message can say so.
function awaiting(description) {
  const ctx = leaks.owner;
  if (ctx === null || ctx === undefined || ctx.awaiting === undefined) return () => {};
  P.SetPrototypeAdd(ctx.awaiting, description);
  return () => ctx.awaiting.delete(description);
}

function readTimeout(options, prefix) {
  const timeout = options?.timeout;
  if (timeout === undefined) return undefined;
  if (typeof timeout !== "number" || !(timeout >= 0)) throw new P.TypeError(`${prefix}: timeout must be a number of milliseconds, not ${show(timeout)}`);
  return timeout;
}

// once(target, type, { timeout, signal }): the next event of that type.
function once(target, type, options = {}) {
  const prefix = "once(target, type, options)";
  if (target === null || typeof target?.addEventListener !== "function") throw new P.TypeError(`${prefix}: target must be an EventTarget, not ${show(target)}`);
  type = `${type}`;
  const timeout = readTimeout(options, prefix);
  const signal = options?.signal;
  return new P.Promise((resolve, reject) => {
    const what = `the "${type}" event on ${describeTarget(target)}`;
    if (signal !== undefined && signal.aborted) return reject(signal.reason);
    let cancelTimer = () => {};
    const done = awaiting({ toString: () => `once(): ${what}` });
    const cleanup = () => {
      cancelTimer();
      done();
      target.removeEventListener(type, listener);
      if (signal !== undefined) signal.removeEventListener("abort", aborted);
    };
    const listener = (event) => { cleanup(); resolve(event); };
    const aborted = () => { cleanup(); reject(signal.reason); };
    target.addEventListener(type, listener);
    if (signal !== undefined) signal.addEventListener("abort", aborted);
    if (timeout !== undefined) {
      cancelTimer = internals.startInternalTimer(timeout, () => {
        cleanup();
        reject(domException("TimeoutError", `once(): ${what} did not come within ${timeout} ms`));
      });
    }
  });
}

function recordOf(socket, name) {
  const record = socket !== null && typeof socket === "object" ? leaks.socketRecord(socket) : undefined;
  if (record === undefined) throw new P.TypeError(`${hint(name, false, "", "")}: received value must be a WebSocket created in this test file\nReceived: ${show(socket)}`);
  return record;
}

/// Resolves when `ready()` gives a result, or with undefined once `timeout` has passed.
function waitFor(record, ready, timeout, description) {
  return new P.Promise((resolve) => {
    const now = ready();
    if (now !== undefined) return resolve(now);
    let cancelTimer = () => {};
    let finished = false;
    const done = awaiting(description);
    const finish = (value) => {
      if (finished) return;
      finished = true;
      cancelTimer();
      done();
      resolve(value);
    };
    const check = () => {
      if (finished) return;
      const value = ready();
      if (value !== undefined) finish(value);
      else P.ArrayPrototypePush(record.waiters, check);
    };
    P.ArrayPrototypePush(record.waiters, check);
    if (timeout !== undefined) cancelTimer = internals.startInternalTimer(timeout, () => finish(undefined));
  });
}

function showMessage(data) {
  if (typeof data === "string") return show(data);
  if (P.ObjectPrototypeToString(data) === "[object Blob]") return `Blob(${data.size} bytes) ${show(new P.Uint8Array(internals.blobBytes(data)))}`;
  return show(data);
}
function arrivedList(record) {
  if (record.messages.length === 0) return "Received messages: none";
  return `Received messages (${record.messages.length} not consumed):\n` + P.ArrayPrototypeJoin(P.ArrayPrototypeMap(record.messages, (m) => `  ${showMessage(m)}`), "\n");
}
const stateLine = (record) => `Socket: ${record.socket.url}, ${leaks.STATE_NAMES[record.socket.readyState]}` +
  (record.closeEvent === undefined ? "" : ` (closed with code ${record.closeEvent.code}${record.closeEvent.reason ? ` "${record.closeEvent.reason}"` : ""}, wasClean ${record.closeEvent.wasClean})`);

/// A message matches a string, bytes by value, a predicate, an asymmetric matcher, a RegExp,
/// or (wsjs extension) an object the message's JSON text deep-equals.
function messageMatches(data, expected) {
  if (typeof expected === "function") return !!expected(data);
  if (isAsymmetric(expected)) return expected.asymmetricMatch(data);
  if (typeof expected === "string") return data === expected;
  if (P.ObjectPrototypeToString(expected) === "[object RegExp]") return typeof data === "string" && P.RegExpPrototypeTest(expected, data);
  const want = bytesOf(expected);
  if (want !== undefined) {
    const have = typeof data === "string" ? undefined : P.ObjectPrototypeToString(data) === "[object Blob]" ? new P.Uint8Array(internals.blobBytes(data)) : bytesOf(data);
    return have !== undefined && sameBytes(have, want);
  }
  if (typeof data === "string" && expected !== null && typeof expected === "object") {
    try { return equals(JSON.parse(data), expected); } catch { return false; }
  }
  return equals(data, expected);
}

addMatchers({
  async toOpen(socket, options = {}) {
    const record = recordOf(socket, "toOpen");
    const timeout = readTimeout(options, "toOpen");
    const outcome = await waitFor(record, () => socket.readyState === 1 || record.opened ? "open" : socket.readyState >= 2 ? "closed" : undefined, timeout,
      { toString: () => `expect(ws).toOpen() on ${record.socket.url}` });
    const pass = outcome === "open";
    return {
      pass, actual: leaks.STATE_NAMES[socket.readyState], expected: "OPEN",
      message: () => `${hint("toOpen", this.isNot, this.promise, "options")}\n\n` + (this.isNot ? "Expected the socket not to open, but it opened" :
        outcome === undefined ? `Expected the socket to open within ${timeout} ms\n${stateLine(record)}` : `Expected the socket to open, but it closed first\n${stateLine(record)}`),
    };
  },
  async toReceive(socket, expected, options = {}) {
    const record = recordOf(socket, "toReceive");
    const timeout = readTimeout(options, "toReceive");
    const find = () => {
      for (let i = 0; i < record.messages.length; i++) {
        if (messageMatches(record.messages[i], expected)) return P.ArrayPrototypeSplice(record.messages, i, 1);
      }
      return socket.readyState === 3 ? null : undefined;
    };
    const found = await waitFor(record, find, timeout, { toString: () => `expect(ws).toReceive(${show(expected)}) on ${record.socket.url}; ${arrivedList(record)}` });
    const pass = found !== undefined && found !== null;
    const why = found === null ? "the socket closed first" : `none came within ${timeout} ms`;
    return {
      pass, expected, actual: record.messages.length === 0 ? undefined : record.messages[0],
      message: () => `${hint("toReceive", this.isNot, this.promise, "expected, options")}\n\n` + (this.isNot
        ? `Expected no message matching ${show(expected)}, but received ${showMessage(found[0])}`
        : `Expected a message matching ${show(expected)}, but ${why}\n${arrivedList(record)}\n${stateLine(record)}`),
    };
  },
  async toClose(socket, expectedClose = {}, options = {}) {
    const record = recordOf(socket, "toClose");
    const timeout = readTimeout(options, "toClose");
    const event = await waitFor(record, () => record.closeEvent, timeout, { toString: () => `expect(ws).toClose() on ${record.socket.url}` });
    const want = {};
    for (const key of ["code", "reason", "wasClean"]) if (expectedClose?.[key] !== undefined) want[key] = expectedClose[key];
    const got = event === undefined ? undefined : { code: event.code, reason: event.reason, wasClean: event.wasClean };
    let pass = got !== undefined;
    if (pass) for (const key of P.ObjectKeys(want)) if (!equals(got[key], want[key])) pass = false;
    return {
      pass, expected: want, actual: got,
      message: () => `${hint("toClose", this.isNot, this.promise, "expected, options")}\n\n` + (this.isNot
        ? `Expected the socket not to close${P.ObjectKeys(want).length ? ` with ${show(want)}` : ""}, but it closed with ${show(got)}`
        : got === undefined ? `Expected the socket to close within ${timeout} ms\n${stateLine(record)}\n${arrivedList(record)}`
          : `Expected close: ${show(want)}\nReceived close: ${show(got)}\n${arrivedList(record)}`),
    };
  },
});

internals.testWebSocket = { once };
