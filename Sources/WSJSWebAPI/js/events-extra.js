// SPDX-License-Identifier: MIT
// Event subclasses of the runtime core: CustomEvent (DOM), ErrorEvent and PromiseRejectionEvent
// (HTML §8.1.4.5 / §8.1.4.8).
const P = internals.require("primordials").primordials;
const { webidl, Event, eventInitMembers } = internals.require("event");
const { converters } = webidl;

function requireObjectThis(brand, self, name) {
  if (!brand(self)) throw webidl.invalidThis(name);
}

const customEventInit = webidl.createDictionaryConverter("CustomEventInit", [
  ...eventInitMembers,
  { key: "detail", converter: converters.any, defaultValue: null },
]);

class CustomEvent extends Event {
  #detail;

  constructor(type, eventInitDict = undefined) {
    const prefix = webidl.operationPrefix("CustomEvent", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    const init = customEventInit(eventInitDict, prefix, "Argument 2");
    super(type, init);
    this.#detail = init.detail;
  }

  get detail() {
    requireObjectThis((o) => #detail in o, this, "CustomEvent");
    return this.#detail;
  }

  initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
    requireObjectThis((o) => #detail in o, this, "CustomEvent");
    if (internals.eventState(this).dispatching) return;
    this.initEvent(type, bubbles, cancelable);
    this.#detail = detail;
  }
}

const errorEventInit = webidl.createDictionaryConverter("ErrorEventInit", [
  ...eventInitMembers,
  { key: "message", converter: converters.DOMString, defaultValue: "" },
  { key: "filename", converter: converters.USVString, defaultValue: "" },
  { key: "lineno", converter: converters["unsigned long"], defaultValue: 0 },
  { key: "colno", converter: converters["unsigned long"], defaultValue: 0 },
  { key: "error", converter: converters.any, defaultValue: undefined },
]);

class ErrorEvent extends Event {
  #init;

  constructor(type, eventInitDict = undefined) {
    const prefix = webidl.operationPrefix("ErrorEvent", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    const init = errorEventInit(eventInitDict, prefix, "Argument 2");
    super(type, init);
    this.#init = init;
  }

  #check() {
    requireObjectThis((o) => #init in o, this, "ErrorEvent");
    return this.#init;
  }

  get message() { return this.#check().message; }
  get filename() { return this.#check().filename; }
  get lineno() { return this.#check().lineno; }
  get colno() { return this.#check().colno; }
  get error() { return this.#check().error; }
}

const promiseRejectionEventInit = webidl.createDictionaryConverter("PromiseRejectionEventInit", [
  ...eventInitMembers,
  { key: "promise", converter: converters.object, required: true },
  { key: "reason", converter: converters.any, defaultValue: undefined },
]);

class PromiseRejectionEvent extends Event {
  #promise;
  #reason;

  constructor(type, eventInitDict) {
    const prefix = webidl.operationPrefix("PromiseRejectionEvent", "constructor");
    webidl.requiredArguments(arguments.length, 2, prefix);
    const init = promiseRejectionEventInit(eventInitDict, prefix, "Argument 2");
    super(type, init);
    this.#promise = init.promise;
    this.#reason = init.reason;
  }

  get promise() {
    requireObjectThis((o) => #promise in o, this, "PromiseRejectionEvent");
    return this.#promise;
  }

  get reason() {
    requireObjectThis((o) => #promise in o, this, "PromiseRejectionEvent");
    return this.#reason;
  }
}

for (const Class of [CustomEvent, ErrorEvent, PromiseRejectionEvent]) {
  webidl.configureInterface(Class);
}
internals.CustomEvent = CustomEvent;
internals.ErrorEvent = ErrorEvent;
internals.PromiseRejectionEvent = PromiseRejectionEvent;
