// SPDX-License-Identifier: MIT
// Assertions for the JS behaviour tests, preloaded by the test runner (--preload). A failed
// assertion throws, which ends the run with status 1 and the message on stderr.
"use strict";

function describe(value) {
  try {
    return typeof value === "string" ? JSON.stringify(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (ArrayBuffer.isView(a)) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => deepEqual(a[key], b[key]));
}

globalThis.assert = function assert(condition, message = "assertion failed") {
  if (!condition) throw new Error(message);
};

globalThis.assertEquals = function assertEquals(actual, expected, message = "") {
  if (!deepEqual(actual, expected)) {
    throw new Error(`${message ? message + ": " : ""}expected ${describe(expected)}, got ${describe(actual)}`);
  }
};

/// Calls fn and checks that it throws an error with the given name (e.g. "TypeError",
/// "InvalidAccessError"), and for DOMExceptions optionally the legacy code.
globalThis.assertThrows = function assertThrows(fn, name, message = "") {
  try {
    fn();
  } catch (error) {
    if (error?.name !== name) throw new Error(`${message ? message + ": " : ""}expected ${name}, got ${error?.name}: ${error?.message}`);
    return error;
  }
  throw new Error(`${message ? message + ": " : ""}expected ${name}, nothing was thrown`);
};

/// Resolves when `count` calls of `done()` were made; fails after `ms` (bounded waits only).
globalThis.expectCalls = function expectCalls(count, ms = 5000) {
  let seen = 0;
  const timer = setTimeout(() => {
    throw new Error(`expected ${count} calls, got ${seen} within ${ms} ms`);
  }, ms);
  return () => {
    if (++seen === count) clearTimeout(timer);
  };
};

/// The loopback servers of the WebSocket tests, by name (WebSocketBehaviourTests.swift).
globalThis.servers = typeof wsjs.args[0] === "string" && wsjs.args[0].startsWith("{") ? JSON.parse(wsjs.args[0]) : {};

/// Resolves with the next `type` event at `target`; fails after `ms` (bounded waits only).
globalThis.nextEvent = function nextEvent(target, type, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${type}' event within ${ms} ms`)), ms);
    target.addEventListener(type, (event) => {
      clearTimeout(timer);
      resolve(event);
    }, { once: true });
  });
};

/// Records the types of the events `target` fires, in order, into the returned array.
globalThis.recordEvents = function recordEvents(target, types = ["open", "message", "error", "close"]) {
  const seen = [];
  for (const type of types) target.addEventListener(type, () => seen.push(type));
  return seen;
};

/// Runs an async test body; an error is reported as uncaught (exit status 1), success prints "done".
globalThis.runTest = function runTest(body) {
  body().then(() => console.log("done"), (error) => {
    queueMicrotask(() => { throw error; });
  });
};
