// SPDX-License-Identifier: MIT
// MessageEvent (HTML §9.4.3) and CloseEvent (WebSockets Standard §5), the events a WebSocket
// fires. wsjs has no MessagePort or window, so `source` is always null and `ports` always empty.
const P = internals.require("primordials").primordials;
const { webidl, Event, eventInitMembers } = internals.require("event");
const { converters } = webidl;

function noSource(value, prefix, context) {
  // MessageEventSource is (WindowProxy or MessagePort or ServiceWorker): none exist here.
  if (value !== null) throw webidl.makeException(P.TypeError, "is not of type 'MessageEventSource'.", prefix, context);
  return null;
}

function noPorts(value, prefix, context) {
  const ports = webidl.createSequenceConverter((port, p, c) => {
    throw webidl.makeException(P.TypeError, "is not of type 'MessagePort'.", p, c);
  })(value, prefix, context);
  return ports;
}

const messageEventInit = webidl.createDictionaryConverter("MessageEventInit", [
  ...eventInitMembers,
  { key: "data", converter: converters.any, defaultValue: null },
  { key: "origin", converter: converters.USVString, defaultValue: "" },
  { key: "lastEventId", converter: converters.DOMString, defaultValue: "" },
  { key: "source", converter: noSource, defaultValue: null },
  { key: "ports", converter: noPorts, defaultValue: () => [] },
]);

/// The FrozenArray<MessagePort> every MessageEvent returns: always empty here.
const emptyPorts = P.ObjectFreeze([]);
let messageStateOf;
/// Set by createMessageEvent just before `new` (see createTrustedEvent in event.js).
let trustedMessage = null;

class MessageEvent extends Event {
  #state;

  constructor(type, eventInitDict = undefined) {
    if (trustedMessage !== null) {
      const state = trustedMessage;
      trustedMessage = null;
      super();
      this.#state = state;
      return;
    }
    const prefix = webidl.operationPrefix("MessageEvent", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    const init = messageEventInit(eventInitDict, prefix, "Argument 2");
    super(type, init);
    this.#state = { data: init.data, origin: init.origin, lastEventId: init.lastEventId };
  }

  static {
    messageStateOf = (event) => {
      if (event === null || typeof event !== "object" || !(#state in event)) throw webidl.invalidThis("MessageEvent");
      return event.#state;
    };
  }

  get data() { return messageStateOf(this).data; }
  get origin() { return messageStateOf(this).origin; }
  get lastEventId() { return messageStateOf(this).lastEventId; }
  get source() { messageStateOf(this); return null; }
  get ports() { messageStateOf(this); return emptyPorts; }

  // https://html.spec.whatwg.org/#dom-messageevent-initmessageevent
  initMessageEvent(type, bubbles = false, cancelable = false, data = null, origin = "", lastEventId = "", source = null, ports = []) {
    const state = messageStateOf(this);
    const prefix = webidl.operationPrefix("MessageEvent", "initMessageEvent");
    webidl.requiredArguments(arguments.length, 1, prefix);
    if (internals.eventState(this).dispatching) return;
    this.initEvent(type, bubbles, cancelable);
    state.data = data;
    state.origin = converters.USVString(origin, prefix, "Argument 5");
    state.lastEventId = converters.DOMString(lastEventId, prefix, "Argument 6");
    noSource(source, prefix, "Argument 7");
    noPorts(ports, prefix, "Argument 8");
  }
}

const closeEventInit = webidl.createDictionaryConverter("CloseEventInit", [
  ...eventInitMembers,
  { key: "wasClean", converter: converters.boolean, defaultValue: false },
  { key: "code", converter: converters["unsigned short"], defaultValue: 0 },
  { key: "reason", converter: converters.USVString, defaultValue: "" },
]);
let closeStateOf;
let trustedClose = null;

class CloseEvent extends Event {
  #state;

  constructor(type, eventInitDict = undefined) {
    if (trustedClose !== null) {
      const state = trustedClose;
      trustedClose = null;
      super();
      this.#state = state;
      return;
    }
    const prefix = webidl.operationPrefix("CloseEvent", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    const init = closeEventInit(eventInitDict, prefix, "Argument 2");
    super(type, init);
    this.#state = { wasClean: init.wasClean, code: init.code, reason: init.reason };
  }

  static {
    closeStateOf = (event) => {
      if (event === null || typeof event !== "object" || !(#state in event)) throw webidl.invalidThis("CloseEvent");
      return event.#state;
    };
  }

  get wasClean() { return closeStateOf(this).wasClean; }
  get code() { return closeStateOf(this).code; }
  get reason() { return closeStateOf(this).reason; }
}

webidl.configureInterface(MessageEvent);
webidl.configureInterface(CloseEvent);
/// The trusted `message` event a WebSocket fires (HTML "fire an event" with MessageEvent).
function createMessageEvent(data, origin, timeStamp) {
  trustedMessage = { data, origin, lastEventId: "" };
  return internals.createTrustedEvent(MessageEvent, "message", timeStamp);
}

/// The trusted `close` event a WebSocket fires.
function createCloseEvent(wasClean, code, reason) {
  trustedClose = { wasClean, code, reason };
  return internals.createTrustedEvent(CloseEvent, "close");
}

internals.MessageEvent = MessageEvent;
internals.CloseEvent = CloseEvent;
internals.createMessageEvent = createMessageEvent;
internals.createCloseEvent = createCloseEvent;
