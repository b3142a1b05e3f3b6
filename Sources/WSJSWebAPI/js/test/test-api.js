// SPDX-License-Identifier: MIT
// wsjs test: the API of test files as one object, internals.testAPI (test, it, describe, the
// four hooks, expect, assert, once). A test worker installs its properties as globals; the
// `wsjs:test` module can export the same object.
const P = internals.require("primordials").primordials;
internals.require("timers", "event-target", "test/test-registry", "test/test-leaks", "test/test-expect", "test/test-assert", "test/test-websocket");

internals.testAPI = P.ObjectFreeze({
  ...internals.testDeclarations,
  expect: internals.testExpect.expect,
  assert: internals.testAssert.assert,
  AssertionError: internals.testAssert.AssertionError,
  once: internals.testWebSocket.once,
});
