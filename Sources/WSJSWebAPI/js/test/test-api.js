// SPDX-License-Identifier: MIT
// wsjs test: the API of test files as one object, internals.testAPI (test, it, describe, the
// four hooks, expect, assert, AssertionError, once). A test worker installs its properties as
// globals; the `wsjs:test` module can export the same object. expect, assert and once load
// their modules when first read (most of a worker's start-up otherwise).
const P = internals.require("primordials").primordials;
internals.require("timers", "event-target", "test/test-registry", "test/test-leaks");

const lazyExports = {
  expect: () => internals.require("test/test-websocket").testExpect.expect,
  assert: () => internals.require("test/test-assert").testAssert.assert,
  AssertionError: () => internals.require("test/test-assert").testAssert.AssertionError,
  once: () => internals.require("test/test-websocket").testWebSocket.once,
};
const api = { ...internals.testDeclarations };
for (const name of P.ObjectKeys(lazyExports)) {
  P.ObjectDefineProperty(api, name, { get: lazyExports[name], enumerable: true });
}
internals.testAPI = P.ObjectFreeze(api);
internals.testLazyExports = lazyExports;
