// SPDX-License-Identifier: MIT
// The WebSocket interface (WHATWG WebSockets Standard §3–§5) over the native transport
// (WebSocketBridge.swift). The transport does RFC 6455; this file does what a script observes:
// URL and protocol checks, readyState, bufferedAmount, binaryType and the events in their tasks.
const P = internals.require("primordials").primordials;
const { webidl, EventTarget, defineEventHandler, dispatchEvent, hasEventListeners, Event, createTrustedEvent } =
  internals.require("event-target", "event");
const { createMessageEvent, createCloseEvent } = internals.require("websocket-events");
const { domException } = internals.require("dom-exception");
const { parseURL, serializeURL, serializeOrigin } = internals.require("url").url;
const { converters } = webidl;

const CONNECTING = 0, OPEN = 1, CLOSING = 2, CLOSED = 3;
/// The send buffer's size (WebSocketClientConfiguration.maxBufferedAmount), read once.
const maxBufferedAmount = host.maxBufferedAmount;

// RFC 7230 §3.2.6 token characters, which Sec-WebSocket-Protocol values must consist of.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 7230 field-name (a token) and field-value (no CR, LF or NUL) for the headers extension.
const FORBIDDEN_HEADERS = ["connection", "upgrade", "host", "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol", "content-length", "transfer-encoding"];

let stateOf;
const protocolsSequence = webidl.createSequenceConverter(converters.DOMString);
const byteStringPairs = webidl.createSequenceConverter(webidl.createSequenceConverter(converters.ByteString));

// §3 "get a URL record": parse against the API base URL (--location), map http(s) to ws(s), and
// refuse other schemes and fragments, each with a SyntaxError.
function getURLRecord(url, base, prefix) {
  const record = parseURL(url, base);
  if (record === null) {
    const hint = base === undefined ? " (relative URLs need --location)" : "";
    throw domException("SyntaxError", `${prefix}: The URL '${url}' is invalid${hint}.`);
  }
  if (record.scheme === "http") record.scheme = "ws";
  else if (record.scheme === "https") record.scheme = "wss";
  if (record.scheme !== "ws" && record.scheme !== "wss") {
    throw domException("SyntaxError", `${prefix}: The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. '${record.scheme}:' is not allowed.`);
  }
  if (record.fragment !== null) {
    throw domException("SyntaxError", `${prefix}: The URL contains a fragment identifier ('#${record.fragment}'). Fragment identifiers are not allowed in WebSocket URLs.`);
  }
  return record;
}

/// What a connection needs from its URL record (steps 1–4 and 8), remembered per (URL, base):
/// parsing is a pure function of the two, and scripts often open many sockets to one URL (load
/// tests, reconnect loops). Besides the parse itself, this keeps the URL parser's large state
/// machine from turning hot, whose optimizing compilation alone costs tens of milliseconds of
/// CPU and megabytes of memory. Bounded: cleared when it reaches TARGET_CACHE_LIMIT entries.
/// Keyed in an object without a prototype: a property read, not a call through the captured
/// Map.prototype.get.
let targets = P.ObjectCreate(null);
let targetCount = 0;
const TARGET_CACHE_LIMIT = 64;
/// The API base URL (--location's href, or undefined), read once: it is fixed for the run.
let apiBase = null;
function connectionTarget(url, prefix) {
  if (apiBase === null) apiBase = { href: internals.require("location").location?.href };
  const base = apiBase.href;
  // A serialized base URL contains no space, so the key is unambiguous.
  const key = base === undefined ? url : base + " " + url;
  let target = targets[key];
  if (target !== undefined) return target;
  const record = getURLRecord(url, base, prefix);
  target = {
    href: serializeURL(record),
    origin: serializeOrigin(record),
    hostName: record.host[0] === "[" ? P.StringPrototypeSlice(record.host, 1, -1) : record.host,
    port: record.port ?? (record.scheme === "wss" ? 443 : 80),
    resource: (record.path.length === 0 ? "/" : internals.require("url").url.serializePath(record)) + (record.query === null ? "" : "?" + record.query),
    secure: record.scheme === "wss",
    authorization: record.username === "" && record.password === "" ? undefined : basicAuthorization(record),
  };
  if (targetCount >= TARGET_CACHE_LIMIT) {
    targets = P.ObjectCreate(null);
    targetCount = 0;
  }
  targets[key] = target;
  targetCount++;
  return target;
}

/// Fetch, "HTTP-network-or-cache fetch": a request whose URL includes credentials gets an
/// `Authorization` header built from them ("the URL, converted to an `Authorization` value")
/// unless its header list has one already. That value is HTTP Basic authentication (RFC 7617
/// §2): "Basic " and base64 of the percent-decoded username, ":" and the percent-decoded
/// password, as bytes: the URL parser UTF-8 percent-encoded them, so the bytes are the UTF-8
/// that RFC 7617 §2.1 asks for.
/// Deviation: Fetch uses the URL's credentials only to retry after a 401 (isAuthenticationFetch);
/// wsjs sends them with the first (and only) handshake, as Deno does. It never retries a
/// handshake, so the server gets them in the one request it sees.
function basicAuthorization(record) {
  const { percentDecodeToBytes } = internals.require("url-host").urlHost;
  const username = percentDecodeToBytes(record.username);
  const password = percentDecodeToBytes(record.password);
  let binary = "";
  for (let i = 0; i < username.length; i++) binary += P.StringFromCharCode(username[i]);
  binary += ":";
  for (let i = 0; i < password.length; i++) binary += P.StringFromCharCode(password[i]);
  return "Basic " + internals.require("base64").btoa(binary);
}

/// The serialized URL `href` with its password replaced by "***": what traces and messages on
/// stderr show (ws.url keeps the password, as the standard says). In a ws: or wss: URL the
/// userinfo ends at the authority's "@" (the URL parser percent-encodes "@", ":" and "/" in a
/// username or password).
function withoutPassword(href) {
  const authority = P.StringPrototypeIndexOf(href, "://") + 3;
  const at = P.StringPrototypeIndexOf(href, "@");
  const slash = P.StringPrototypeIndexOf(href, "/", authority);
  if (at < 0 || (slash >= 0 && at > slash)) return href;
  const colon = P.StringPrototypeIndexOf(href, ":", authority);
  if (colon < 0 || colon > at) return href;
  return P.StringPrototypeSlice(href, 0, colon + 1) + "***" + P.StringPrototypeSlice(href, at);
}

/// wsjs extension (flagged in the README): `new WebSocket(url, { protocols, headers })`, as Deno
/// and undici accept, for servers that need e.g. an Authorization header. Returns the protocols
/// argument and a list of [name, value] headers.
function convertOptions(options, prefix) {
  const protocols = options.protocols === undefined ? [] : options.protocols;
  const headers = [];
  const init = options.headers;
  if (init !== undefined && init !== null) {
    const pairs = webidl.type(init) === "Object" && typeof init[P.SymbolIterator] === "function"
      ? byteStringPairs(init, prefix, "'headers'")
      : P.ArrayPrototypeMap(P.ObjectKeys(converters.object(init, prefix, "'headers'")), (name) => [converters.ByteString(name, prefix, "'headers'"), converters.ByteString(init[name], prefix, "'headers'")]);
    for (const pair of pairs) {
      if (pair.length !== 2) throw webidl.makeException(P.TypeError, "'headers' entries must be [name, value] pairs.", prefix);
      const [name, value] = pair;
      if (!P.RegExpPrototypeTest(TOKEN, name)) throw webidl.makeException(P.TypeError, `'${name}' is not a valid HTTP header name.`, prefix);
      if (P.RegExpPrototypeTest(/[\0\r\n]/, value)) throw webidl.makeException(P.TypeError, `The value of header '${name}' is not a valid HTTP header value.`, prefix);
      if (P.ArrayPrototypeIncludes(FORBIDDEN_HEADERS, P.StringPrototypeToLowerCase(name))) {
        throw webidl.makeException(P.TypeError, `The header '${name}' is set by the WebSocket protocol and cannot be given.`, prefix);
      }
      P.ArrayPrototypePush(headers, [name, P.StringPrototypeTrim(value)]);
    }
  }
  return { protocols, headers };
}

class WebSocket extends EventTarget {
  #state;

  // §3 new WebSocket(url, protocols)
  constructor(url, protocols = undefined) {
    super();
    const prefix = webidl.operationPrefix("WebSocket", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    // A string already among the remembered targets' keys is one the conversion returned, so
    // it is well-formed and converts to itself.
    if (typeof url !== "string" || targets[url] === undefined) url = converters.USVString(url, prefix, "Argument 1");
    let headers = [];
    // An object without @@iterator is the options dictionary; with one, a sequence (a
    // non-callable @@iterator is a TypeError, WebIDL §3.2.26).
    if (webidl.type(protocols) === "Object" && (protocols[P.SymbolIterator] === undefined || protocols[P.SymbolIterator] === null)) {
      ({ protocols, headers } = convertOptions(protocols, prefix));
    }
    // (DOMString or sequence<DOMString>): an iterable object is a sequence, anything else a
    // string; left out (or undefined), the default: an empty sequence.
    if (protocols === undefined) protocols = [];
    else if (webidl.type(protocols) === "Object") protocols = protocolsSequence(protocols, prefix, "Argument 2");
    else protocols = [converters.DOMString(protocols, prefix, "Argument 2")];
    // 1–4. Get the URL record (throws SyntaxError), as the connection's target.
    const target = connectionTarget(url, prefix);
    // 5. Duplicates (ASCII case-insensitive) or values that are not tokens: SyntaxError.
    const seen = [];
    for (let i = 0; i < protocols.length; i++) {
      const protocol = protocols[i];
      if (!P.RegExpPrototypeTest(TOKEN, protocol)) throw domException("SyntaxError", `${prefix}: The subprotocol '${protocol}' is invalid.`);
      const lowered = P.StringPrototypeToLowerCase(protocol);
      if (P.ArrayPrototypeIncludes(seen, lowered)) throw domException("SyntaxError", `${prefix}: The subprotocol '${protocol}' is duplicated.`);
      P.ArrayPrototypePush(seen, lowered);
    }
    // 6. Set this's url to urlRecord.
    this.#state = {
      url: target.href,
      origin: target.origin,
      readyState: CONNECTING,
      bufferedAmount: 0,
      extensions: "",
      protocol: "",
      binaryType: "blob",
      id: 0,
      /// Set when close() failed the connection while connecting: the close task fires `error`.
      failedByClose: false,
      /// Flagged as full (§3 send()): the connection was closed; the close task fires `error`.
      full: false,
    };
    // 8. Establish a WebSocket connection in parallel (the transport, on this loop).
    let headerText = "";
    let hasAuthorization = false;
    for (let i = 0; i < headers.length; i++) {
      headerText += (headerText === "" ? "" : "\n") + headers[i][0] + "\n" + headers[i][1];
      if (P.StringPrototypeToLowerCase(headers[i][0]) === "authorization") hasAuthorization = true;
    }
    // The URL's credentials, unless the headers option gave an Authorization (basicAuthorization).
    if (target.authorization !== undefined && !hasAuthorization) {
      headerText += (headerText === "" ? "" : "\n") + "Authorization\n" + target.authorization;
    }
    this.#state.id = host.wsConnect(
      this, target.href, target.hostName, target.port, target.resource, target.secure,
      protocols.length === 0 ? "" : P.ArrayPrototypeJoin(protocols, ","), headerText,
      target.authorization === undefined ? target.href : withoutPassword(target.href));
    // wsjs test: the runner tracks every socket (leak check, message buffer for its matchers).
    if (internals.webSocketCreated !== undefined) internals.webSocketCreated(this);
  }

  static {
    stateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#state in value)) throw webidl.invalidThis("WebSocket");
      return value.#state;
    };
  }

  get url() { return stateOf(this).url; }
  get readyState() { return stateOf(this).readyState; }
  get bufferedAmount() { return stateOf(this).bufferedAmount; }
  get extensions() { return stateOf(this).extensions; }
  get protocol() { return stateOf(this).protocol; }

  get binaryType() { return stateOf(this).binaryType; }
  set binaryType(value) {
    const state = stateOf(this);
    // An enumeration attribute ignores values that are not in the enumeration (WebIDL §3.7.6).
    value = converters.DOMString(value);
    if (value === "blob" || value === "arraybuffer") state.binaryType = value;
  }

  // §3 close(code, reason)
  close(code = undefined, reason = undefined) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("WebSocket", "close");
    if (code !== undefined) code = converters["unsigned short"](code, prefix, "Argument 1", { clamp: true });
    if (reason !== undefined) reason = converters.USVString(reason, prefix, "Argument 2");
    // 1. A code other than 1000 or 3000–4999 is an InvalidAccessError.
    if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
      throw domException("InvalidAccessError", `${prefix}: The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`);
    }
    // 2. A reason longer than 123 bytes of UTF-8 is a SyntaxError.
    if (reason !== undefined && host.utf8Length(reason) > 123) {
      throw domException("SyntaxError", `${prefix}: The close reason must not be greater than 123 UTF-8 bytes.`);
    }
    // 3. The first matching step. (Queued text frames go out before the Close frame.)
    if (pendingTexts.length !== 0) flushTexts();
    switch (state.readyState) {
      case CLOSING:
      case CLOSED:
        return;
      case CONNECTING:
        // Fail the WebSocket connection: the close task fires `error` then `close` (1006).
        state.failedByClose = true;
        state.readyState = CLOSING;
        host.wsClose(state.id, -1, "");
        return;
      default:
        // Start the closing handshake; no code means a Close frame without a body.
        state.readyState = CLOSING;
        host.wsClose(state.id, code === undefined ? -1 : code, code === undefined ? "" : reason ?? "");
    }
  }

  // §3 send(data)
  send(data) {
    const state = stateOf(this);
    if (arguments.length === 0) webidl.requiredArguments(0, 1, webidl.operationPrefix("WebSocket", "send"));
    if (state.readyState !== OPEN) {
      sendWhileNotOpen(state, data);
      return;
    }
    // 2. (BufferSource or Blob or USVString), sent now and counted in bufferedAmount by the
    // exact number of bytes. The hot paths first: a string (the USVString conversion, lone
    // surrogates to U+FFFD, happens in the UTF-8 encoder), then any BufferSource (the host
    // answers -1 for anything else).
    if (typeof data === "string") {
      state.bufferedAmount += queueText(state.id, data);
    } else {
      if (pendingTexts.length !== 0) flushTexts();
      const sent = host.wsSendBinary(state.id, data);
      if (sent >= 0) {
        state.bufferedAmount += sent;
      } else if (isBlob(data)) {
        // Blob bytes are held in memory, so they go out now, in order with the sends around them.
        state.bufferedAmount += host.wsSendBinary(state.id, internals.blobBytes(data));
      } else {
        state.bufferedAmount += queueText(state.id, converters.USVString(data, "Failed to execute 'send' on 'WebSocket'", "Argument 1"));
      }
    }
    // "If the data cannot be sent, e.g. because it would need to be buffered but the buffer is
    // full, the user agent must flag the WebSocket as full and then close the WebSocket
    // connection." The buffer's size is the documented cap (maxBufferedAmount, 256 MiB).
    if (state.bufferedAmount > maxBufferedAmount && !state.full) {
      state.full = true;
      host.wsAbandon(state.id);
    }
  }
}

// §3 send() when not OPEN: InvalidStateError while CONNECTING (step 1); once the closing
// handshake has started the data is dropped, but bufferedAmount still grows by its size.
function sendWhileNotOpen(state, data) {
  if (state.readyState === CONNECTING) {
    throw domException("InvalidStateError", "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.");
  }
  let bytes;
  if (typeof data === "string") bytes = host.utf8Length(data);
  else if (webidl.type(data) === "Object" && (P.ArrayBufferIsView(data) || webidl.isArrayBuffer(data))) bytes = webidl.bytesOf(data).byteLength;
  else if (isBlob(data)) bytes = internals.blobBytes(data).byteLength;
  else bytes = host.utf8Length(converters.USVString(data, "Failed to execute 'send' on 'WebSocket'", "Argument 1"));
  state.bufferedAmount += bytes;
}

// Text sends reach the transport together, once per microtask checkpoint: send() only counts the
// bytes and queues the string, and one host call at the end of the task (in a microtask queued
// by the first send) hands over every queued string. Encoding and framing then run in one tight
// native loop instead of one host call per send (a loop of send(string) calls: ~125 ns a call
// queued, ~300 ns encoding and framing each at the call, even with direct host functions). Nothing a
// script can observe changes: bufferedAmount grows at the call, strings are immutable, and every
// other operation on a socket's stream (a binary or Blob send, close()) first hands over what is
// queued, so each socket's frames keep the order of the calls.
const pendingTexts = [];
/// A flush is queued as a microtask, or due at the end of the message event being dispatched.
let textFlushQueued = false;
const resolvedPromise = P.withOwnMethod(P.PromiseResolve(), "then", P.PromisePrototypeThenMethod);
const NON_ASCII = P.withOwnMethod(/[^\x00-\x7f]/, "test", P.RegExpPrototypeTestMethod);

function flushTexts() {
  textFlushQueued = false;
  if (pendingTexts.length === 0) return;
  host.wsSendTexts(pendingTexts, pendingTexts.length);
  pendingTexts.length = 0;
}

/// Queues a text frame for socket `id`; returns its UTF-8 size (USVString: a lone surrogate
/// counts as U+FFFD's three bytes, as the encoder will send it).
function queueText(id, text) {
  pendingTexts[pendingTexts.length] = id;
  pendingTexts[pendingTexts.length] = text;
  if (!textFlushQueued) {
    textFlushQueued = true;
    resolvedPromise.then(flushTexts);
  }
  return NON_ASCII.test(text) ? host.utf8Length(text) : text.length;
}

/// A Blob over a received buffer; the blob module loads with the first binary message.
let blobModule = null;
const blobFromBuffer = (buffer) => (blobModule ??= internals.require("blob")).blobFromBuffer(buffer);

/// True for a Blob (the blob module is loaded only once a script uses Blob).
const isBlob = (value) => webidl.type(value) === "Object" && internals.isBlob !== undefined && internals.isBlob(value);

webidl.configureInterface(WebSocket);
webidl.defineConstants(WebSocket, { CONNECTING, OPEN, CLOSING, CLOSED });
for (const type of ["open", "error", "close", "message"]) defineEventHandler(WebSocket.prototype, type);

// The transport's events, each run by the bridge as one task (§4 "feedback from the protocol").
host.wsSetCallbacks(
  // "When the WebSocket connection is established": OPEN, extensions, protocol, then `open`.
  function opened(socket, protocol, extensions) {
    const state = stateOf(socket);
    if (state.readyState !== CONNECTING) return;
    state.readyState = OPEN;
    state.extensions = extensions;
    state.protocol = protocol;
    dispatchEvent(socket, createTrustedEvent(Event, "open"));
  },
  // "When a WebSocket message has been received": only while OPEN; binaryType decides. Text
  // the listeners send goes out when the dispatch ends (no microtask needed for it).
  function received(socket, data, timeStamp) {
    const state = stateOf(socket);
    if (state.readyState !== OPEN) return;
    if (typeof data !== "string" && state.binaryType === "blob") data = blobFromBuffer(data);
    const flushHere = !textFlushQueued;
    textFlushQueued = true;
    try {
      dispatchEvent(socket, createMessageEvent(data, state.origin, timeStamp));
    } finally {
      if (flushHere) flushTexts();
    }
  },
  // Bytes reached the network: bufferedAmount falls, in a task of its own, never below zero.
  function written(socket, bytes) {
    const state = stateOf(socket);
    state.bufferedAmount = P.MathMax(0, state.bufferedAmount - bytes);
  },
  // "When the WebSocket closing handshake is started" (by the server): CLOSING.
  function closing(socket) {
    const state = stateOf(socket);
    if (state.readyState === OPEN) state.readyState = CLOSING;
  },
  // "When the WebSocket connection is closed": CLOSED, `error` if it failed, then `close`.
  function closed(socket, code, reason, wasClean, failure) {
    const state = stateOf(socket);
    state.readyState = CLOSED;
    if (state.full && failure === undefined) {
      failure = `the send buffer is full: more than ${maxBufferedAmount} bytes were queued and not yet written (the server is not reading)`;
    }
    if (failure !== undefined || state.failedByClose) {
      if (failure !== undefined && !hasEventListeners(socket, "error")) {
        // Nothing listens for the error: say why, as browsers' consoles do.
        host.print(2, `wsjs: WebSocket connection to '${withoutPassword(state.url)}' failed: ${failure}\n`);
      }
      // A plain Event, as the standard says ("fire an event named error"); Deno fires an
      // ErrorEvent with a message instead. The reason goes to stderr above.
      dispatchEvent(socket, createTrustedEvent(Event, "error"));
    }
    dispatchEvent(socket, createCloseEvent(wasClean, code, reason));
  },
);

internals.WebSocket = WebSocket;
/// wsjs test: ends a leaked socket at once (a connecting one fails; an open one drops its TCP).
internals.abandonWebSocket = (socket) => {
  const state = stateOf(socket);
  if (state.readyState === CONNECTING) socket.close();
  else if (state.readyState !== CLOSED) host.wsAbandon(state.id);
};
// What WebSocketStream (websocket-stream.js) shares with WebSocket: the URL record and the
// connection's target, and the subprotocol token rule.
internals.webSocketShared = { connectionTarget, withoutPassword, TOKEN };
