// SPDX-License-Identifier: MIT
// The prelude's entry point. The host evaluates this file as a function of (host, internals):
// `host` is the private object of native operations (HostOps.swift), `internals` the object the
// modules share. User scripts can reach neither.
//
// Start-up cost is the budget here (an empty script must start faster than Deno's), so no module
// loads now: every global loads its module the first time a script touches it, and a module
// loads the modules it needs with internals.require (each runs once, in that order).
const loadedModules = {};
internals.require = function require(...names) {
  for (const name of names) {
    if (loadedModules[name] === true) continue;
    loadedModules[name] = true;
    host.loadModule(name)(host, internals);
  }
  return internals;
};
// Deviation from DESIGN.md ("capture the intrinsics at load time"): the primordials load with the
// first Web API module a script touches, not here. Capturing ~100 built-ins eagerly cost about a
// tenth of an empty script's start-up; a script that patches a built-in before its first use of
// a Web API can therefore affect the prelude. Bootstrap itself needs only this one (no script
// has run yet, so nothing is patched). Each JavaScript feature bootstrap uses for the first time
// costs JavaScriptCore some start-up work, so it keeps to plain loops, literals and calls.
const ObjectDefineProperty = Object.defineProperty;
const globalObject = globalThis;

// WebIDL §3.7: interface objects and namespaces are writable, configurable, not enumerable;
// operations and attributes of the global are enumerable.
const INTERFACE = { writable: true, enumerable: false, configurable: true };
const OPERATION = { writable: true, enumerable: true, configurable: true };

/// Four entries per global: its name, its module, the module's export name, its attributes.
const lazyGlobals = [
  "DOMException", "dom-exception", "DOMException", INTERFACE,
  "Event", "event", "Event", INTERFACE,
  "EventTarget", "event-target", "EventTarget", INTERFACE,
  "CustomEvent", "events-extra", "CustomEvent", INTERFACE,
  "ErrorEvent", "events-extra", "ErrorEvent", INTERFACE,
  "PromiseRejectionEvent", "events-extra", "PromiseRejectionEvent", INTERFACE,
  "MessageEvent", "websocket-events", "MessageEvent", INTERFACE,
  "CloseEvent", "websocket-events", "CloseEvent", INTERFACE,
  "WebSocket", "websocket", "WebSocket", INTERFACE,
  "URL", "url", "URL", INTERFACE,
  "URLSearchParams", "url", "URLSearchParams", INTERFACE,
  "Blob", "blob", "Blob", INTERFACE,
  "File", "blob", "File", INTERFACE,
  "FileReader", "file-reader", "FileReader", INTERFACE,
  "ProgressEvent", "file-reader", "ProgressEvent", INTERFACE,
  "AbortController", "abort", "AbortController", INTERFACE,
  "AbortSignal", "abort", "AbortSignal", INTERFACE,
  "TextEncoder", "encoding", "TextEncoder", INTERFACE,
  "TextDecoder", "encoding", "TextDecoder", INTERFACE,
  "Performance", "performance", "Performance", INTERFACE,
  "console", "console", "console", INTERFACE,
  "performance", "performance", "performance", OPERATION,
  "setTimeout", "timers", "setTimeout", OPERATION,
  "setInterval", "timers", "setInterval", OPERATION,
  "clearTimeout", "timers", "clearTimeout", OPERATION,
  "clearInterval", "timers", "clearInterval", OPERATION,
  "queueMicrotask", "timers", "queueMicrotask", OPERATION,
  "atob", "base64", "atob", OPERATION,
  "btoa", "base64", "btoa", OPERATION,
  "structuredClone", "structured-clone", "structuredClone", OPERATION,
  "reportError", "errors", "reportError", OPERATION,
  // The global object is an EventTarget (see event-target.js for why these are own properties).
  "addEventListener", "event-target", "addEventListener", OPERATION,
  "removeEventListener", "event-target", "removeEventListener", OPERATION,
  "dispatchEvent", "event-target", "dispatchEventMethod", OPERATION,
  // wsjs extension: the runtime's own namespace (like `Deno`).
  "wsjs", "namespace", "wsjs", INTERFACE,
  // The Streams Standard (streams.js).
  "ReadableStream", "streams", "ReadableStream", INTERFACE,
  "ReadableStreamDefaultReader", "streams", "ReadableStreamDefaultReader", INTERFACE,
  "ReadableStreamBYOBReader", "streams", "ReadableStreamBYOBReader", INTERFACE,
  "ReadableStreamDefaultController", "streams", "ReadableStreamDefaultController", INTERFACE,
  "ReadableByteStreamController", "streams", "ReadableByteStreamController", INTERFACE,
  "ReadableStreamBYOBRequest", "streams", "ReadableStreamBYOBRequest", INTERFACE,
  "WritableStream", "streams", "WritableStream", INTERFACE,
  "WritableStreamDefaultWriter", "streams", "WritableStreamDefaultWriter", INTERFACE,
  "WritableStreamDefaultController", "streams", "WritableStreamDefaultController", INTERFACE,
  "TransformStream", "streams", "TransformStream", INTERFACE,
  "TransformStreamDefaultController", "streams", "TransformStreamDefaultController", INTERFACE,
  "ByteLengthQueuingStrategy", "streams", "ByteLengthQueuingStrategy", INTERFACE,
  "CountQueuingStrategy", "streams", "CountQueuingStrategy", INTERFACE,
  "TextEncoderStream", "encoding-streams", "TextEncoderStream", INTERFACE,
  "TextDecoderStream", "encoding-streams", "TextDecoderStream", INTERFACE,
  "CompressionStream", "compression-streams", "CompressionStream", INTERFACE,
  "DecompressionStream", "compression-streams", "DecompressionStream", INTERFACE,
  "WebSocketStream", "websocket-stream", "WebSocketStream", INTERFACE,
  "WebSocketError", "websocket-error", "WebSocketError", INTERFACE,
  // The Fetch Standard (js/fetch/).
  "Headers", "fetch/headers", "Headers", INTERFACE,
  "Request", "fetch/request", "Request", INTERFACE,
  "Response", "fetch/response", "Response", INTERFACE,
  "FormData", "fetch/form-data", "FormData", INTERFACE,
  "fetch", "fetch/fetch", "fetch", OPERATION,
];

// With --location, `location` is the base URL for relative URLs (as in Deno).
if (host.location !== undefined) {
  lazyGlobals.push("Location", "location", "Location", INTERFACE, "location", "location", "location", OPERATION);
}
// Each global is an accessor that loads its module on first use and then replaces itself with
// the data property WebIDL prescribes. Deviation: until first use, a property descriptor shows
// the accessor rather than the data property. (The loop body is not a function of its own: 36
// calls of one function would make JavaScriptCore compile it, and start a compiler thread, during
// every start-up.)
for (let i = 0; i < lazyGlobals.length; i += 4) {
  const name = lazyGlobals[i], module = lazyGlobals[i + 1], exportName = lazyGlobals[i + 2], attributes = lazyGlobals[i + 3];
  ObjectDefineProperty(globalObject, name, {
    get() {
      const value = internals.require(module)[exportName];
      ObjectDefineProperty(globalObject, name, { ...attributes, value });
      return value;
    },
    set(value) {
      ObjectDefineProperty(globalObject, name, { ...attributes, value });
    },
    enumerable: attributes.enumerable,
    configurable: true,
  });
}

// The global's event handler attributes (onerror, …) load EventTarget when first set or read.
const globalHandlerTypes = ["error", "unhandledrejection", "rejectionhandled"];
for (let i = 0; i < globalHandlerTypes.length; i++) {
  const type = globalHandlerTypes[i];
  const property = "on" + type;
  ObjectDefineProperty(globalObject, property, {
    get() {
      internals.require("event-target").defineEventHandler(globalObject, type, globalObject);
      return globalObject[property];
    },
    set(value) {
      internals.require("event-target").defineEventHandler(globalObject, type, globalObject);
      globalObject[property] = value;
    },
    enumerable: true,
    configurable: true,
  });
}

// `self` is a [Replaceable] attribute returning the global object.
ObjectDefineProperty(globalObject, "self", {
  get() { return globalObject; },
  set(value) { ObjectDefineProperty(globalObject, "self", { value, writable: true, enumerable: true, configurable: true }); },
  enumerable: true,
  configurable: true,
});

// wsjs test: a test worker installs the test API and runs the file's tests once it has loaded.
if (host.testWorker !== undefined) internals.require("test/test-worker");

// The entry points of the tasks Swift queues.
return {
  fireTimer: (id) => internals.require("timers").fireTimer(id),
  reportException: (error) => internals.require("errors").reportException(error),
  unhandledRejection: (promise, reason) => internals.require("errors").unhandledRejection(promise, reason),
  // ES modules (modules.js).
  moduleImport: (loader, specifier, referrer, attributes) => internals.require("modules").modules.importHook(loader, specifier, referrer, attributes),
  moduleMeta: (key) => internals.require("modules").modules.importMeta(key),
  runMainModule: (specifier, source) => internals.require("modules").modules.runMain(specifier, source),
  setImportMap: (text, url) => internals.require("modules").modules.setImportMap(text, url),
};
