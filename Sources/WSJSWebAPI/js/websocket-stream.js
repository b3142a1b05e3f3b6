// SPDX-License-Identifier: MIT
// WebSocketStream (WHATWG WebSockets Standard, "The WebSocketStream interface"): a WebSocket whose
// messages are read from a ReadableStream and written to a WritableStream, with backpressure both
// ways. The transport is WebSocket's (WebSocketBridge.swift, with its own entry points); reading
// stops while the readable side's queue is full (host.wsSetReading), and a write's promise
// settles once its frame has been handed to the socket (the transport's `written` reports).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { domException } = internals.require("dom-exception");
const { streams } = internals.require("streams");
const { newPromise, resolvePromise, rejectPromise, markPromiseAsHandled } = internals.streamsPromises;
internals.require("abort", "websocket", "websocket-error");
const { connectionTarget, withoutPassword, TOKEN } = internals.webSocketShared;
const { convertCloseInfo, validateCloseCodeAndReason, createUnvalidatedWebSocketError } = internals.webSocketErrors;
const { converters } = webidl;

const CONNECTING = 0, OPEN = 1, CLOSING = 2, CLOSED = 3;

// dictionary WebSocketStreamOptions { sequence<USVString> protocols; AbortSignal signal; }
const convertOptions = webidl.createDictionaryConverter("WebSocketStreamOptions", [
  { key: "protocols", converter: webidl.createSequenceConverter(converters.USVString) },
  { key: "signal", converter: internals.convertAbortSignal },
]);

let stateOf;

class WebSocketStream {
  #state;

  // new WebSocketStream(url, options)
  constructor(url, options = undefined) {
    const prefix = webidl.operationPrefix("WebSocketStream", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = converters.USVString(url, prefix, "Argument 1");
    options = convertOptions(options, prefix, "Argument 2");
    // 1–2. Get a URL record given url and the API base URL (--location): SyntaxError if bad.
    const target = connectionTarget(url, prefix);
    // 3. protocols is options["protocols"] if it exists, otherwise an empty sequence.
    const protocols = options.protocols ?? [];
    // 4. Duplicates (ASCII case-insensitive) or values that are not tokens: SyntaxError.
    const seen = [];
    for (let i = 0; i < protocols.length; i++) {
      const protocol = protocols[i];
      if (!P.RegExpPrototypeTest(TOKEN, protocol)) throw domException("SyntaxError", `${prefix}: The subprotocol '${protocol}' is invalid.`);
      const lowered = P.StringPrototypeToLowerCase(protocol);
      if (P.ArrayPrototypeIncludes(seen, lowered)) throw domException("SyntaxError", `${prefix}: The subprotocol '${protocol}' is duplicated.`);
      P.ArrayPrototypePush(seen, lowered);
    }
    // 5. Set this's url to urlRecord. 6. The opened and closed promises.
    // wsjs marks both as handled: a script that awaits only one of them (MDN's examples await
    // `opened`) would otherwise end with an unhandled rejection of the other when the
    // connection fails. Awaiting either still throws.
    const state = {
      url: target.href,
      shownURL: target.authorization === undefined ? target.href : withoutPassword(target.href),
      readyState: CONNECTING,
      opened: newPromise(),
      closed: newPromise(),
      wasEverConnected: false,
      handshakeAborted: false,
      id: 0,
      readable: undefined,
      writable: undefined,
      /// True while reading from the socket is stopped (the readable's queue is full).
      backpressure: false,
      /// Payload bytes handed to the transport, and reported written by it; the write in
      /// flight (at most one: a WritableStream writes one chunk at a time) settles once
      /// `writtenBytes` reaches its `target`.
      sentBytes: 0,
      writtenBytes: 0,
      pendingWrite: null,
      /// The writable side's close() in flight: it settles when the connection has closed.
      closeRequest: null,
    };
    this.#state = state;
    markPromiseAsHandled(state.opened.promise);
    markPromiseAsHandled(state.closed.promise);
    // 7. Apply backpressure: nothing is read into the readable side until it exists and pulls
    // (it is made when the connection is established, and its queue holds one message).
    // 8. The signal: aborted already, both promises reject with its reason and no connection
    // is made; aborted while connecting, the connection fails.
    const signal = options.signal;
    if (signal !== undefined) {
      if (internals.isAborted(signal)) {
        rejectPromise(state.opened, internals.abortReason(signal));
        rejectPromise(state.closed, internals.abortReason(signal));
        return;
      }
      internals.addAbortAlgorithm(signal, () => {
        // 8.3.1 If the WebSocket connection is not yet established: fail it, CLOSING, and reject
        // both promises with the abort reason; the close that follows changes nothing.
        if (state.readyState !== CONNECTING) return;
        host.wsClose(state.id, -1, "");
        state.readyState = CLOSING;
        rejectPromise(state.opened, internals.abortReason(signal));
        rejectPromise(state.closed, internals.abortReason(signal));
        state.handshakeAborted = true;
      });
    }
    // 9–10. Establish a WebSocket connection (the transport, on this loop). The URL's
    // credentials go as an Authorization header, as for WebSocket.
    const headers = target.authorization === undefined ? "" : "Authorization\n" + target.authorization;
    state.id = host.wsConnect(this, target.href, target.hostName, target.port, target.resource, target.secure,
      P.ArrayPrototypeJoin(protocols, ","), headers, state.shownURL, true);
  }

  static {
    stateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#state in value)) throw webidl.invalidThis("WebSocketStream");
      return value.#state;
    };
  }

  get url() { return stateOf(this).url; }
  get opened() { return stateOf(this).opened.promise; }
  get closed() { return stateOf(this).closed.promise; }

  // close(closeInfo)
  close(closeInfo = undefined) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("WebSocketStream", "close");
    closeInfo = convertCloseInfo(closeInfo, prefix, "Argument 1");
    // 1. code is closeInfo["closeCode"] if present, or null. 2. reason is closeInfo["reason"].
    // 3. Close the WebSocket with this, code and reason.
    closeTheWebSocket(state, closeInfo.closeCode ?? null, closeInfo.reason, prefix);
  }
}

// "Close the WebSocket" given the stream, code (or null) and reason (or null).
function closeTheWebSocket(state, code, reason, prefix) {
  // 1–2. Validate close code and reason (InvalidAccessError, SyntaxError).
  validateCloseCodeAndReason(code, reason, prefix);
  // 3. The first matching step.
  switch (state.readyState) {
    case CLOSING:
    case CLOSED:
      return;
    case CONNECTING:
      // Not yet established: fail the WebSocket connection; CLOSING.
      host.wsClose(state.id, -1, "");
      state.readyState = CLOSING;
      return;
    default:
      // Start the closing handshake; CLOSING. No code and an empty reason: a Close frame without
      // a body; a non-empty reason without a code: code 1000. (The transport reads again, so the
      // server's Close frame arrives whatever the readable side's queue holds.)
      if (code === null && reason !== null && reason.length !== 0) code = 1000;
      state.readyState = CLOSING;
      host.wsClose(state.id, code === null ? -1 : code, code === null ? "" : reason ?? "");
  }
}

// "Close using reason": a WebSocketError's code and reason, else none; if closing with them
// throws, close without them.
function closeUsingReason(state, reason) {
  let code = null, reasonString = "";
  if (internals.isWebSocketError(reason)) {
    code = reason.closeCode;
    reasonString = reason.reason;
  }
  try {
    closeTheWebSocket(state, code, reasonString, "");
  } catch {
    closeTheWebSocket(state, null, null, "");
  }
}

// The writable side's write algorithm ("write chunk to stream").
function writeChunk(state, chunk) {
  // 4. A BufferSource goes as a binary message, its bytes copied (by the host, as it sends).
  // 5. Anything else is converted to a USVString (a conversion that throws rejects the write)
  // and goes as a text message.
  if (typeof chunk !== "string" && !(webidl.type(chunk) === "Object" && (P.ArrayBufferIsView(chunk) || webidl.isArrayBuffer(chunk)))) {
    chunk = converters.USVString(chunk);
  }
  // 6. Once there is buffer space (the stream writes one chunk at a time, each after the
  // previous one reached the socket), send it unless the closing handshake has started, and
  // settle the promise: here, when the frame has been handed to the socket (the transport's
  // `written` report), or at once for a message dropped because the connection is closing.
  if (state.readyState !== OPEN) return undefined;
  const sent = host.wssSend(state.id, chunk);
  if (sent < 0) return undefined;
  state.sentBytes += sent;
  const record = newPromise();
  state.pendingWrite = { target: state.sentBytes, record };
  return record.promise;
}

/// Settles the write in flight, if any (the connection closed before it was written: dropped).
function settlePendingWrite(state) {
  const pending = state.pendingWrite;
  state.pendingWrite = null;
  if (pending !== null) resolvePromise(pending.record, undefined);
}

// The readable side's pull algorithm ("pull bytes"): release backpressure.
function pull(state) {
  if (!state.backpressure) return;
  state.backpressure = false;
  host.wsSetReading(state.id, true);
}

function connectionFailure(state, failure) {
  return `WebSocket connection to '${state.shownURL}' failed` + (failure === undefined ? "" : `: ${failure}`);
}

webidl.configureInterface(WebSocketStream);

// The transport's events for streams, each run by the bridge as one task ("feedback from the
// protocol" for WebSocketStream).
host.wssSetCallbacks(
  // "When the WebSocket connection is established".
  function opened(stream, protocol, extensions) {
    const state = stateOf(stream);
    if (state.readyState !== CONNECTING) return;
    // 1. OPEN. 2. Was ever connected. 3–4. The extensions and subprotocol in use.
    state.readyState = OPEN;
    state.wasEverConnected = true;
    // 5–8. The readable side: pull releases backpressure, cancel closes using the reason.
    state.readable = streams.setUpReadableStream({
      pullAlgorithm: () => pull(state),
      cancelAlgorithm: (reason) => closeUsingReason(state, reason),
    });
    // 9–13. The writable side: write sends, close closes (settling when the connection has
    // closed), abort closes using the reason.
    state.writable = streams.setUpWritableStream({
      writeAlgorithm: (chunk) => writeChunk(state, chunk),
      closeAlgorithm: () => {
        state.closeRequest = newPromise();
        closeTheWebSocket(state, null, null, "");
        return state.closeRequest.promise;
      },
      abortAlgorithm: (reason) => closeUsingReason(state, reason),
    });
    // 14. Resolve the opened promise with a WebSocketOpenInfo (members in WebIDL's order).
    resolvePromise(state.opened, { extensions, protocol, readable: state.readable, writable: state.writable });
  },
  // "When a WebSocket message has been received".
  function received(stream, data) {
    const state = stateOf(stream);
    // 1. Only while OPEN.
    if (state.readyState !== OPEN) return;
    // 2. A string for text, a new Uint8Array for binary. 3. Enqueue it.
    streams.readableStreamEnqueue(state.readable, typeof data === "string" ? data : new P.Uint8Array(data));
    // 4. Apply backpressure: once the queue is full, stop reading until the stream pulls.
    if (!state.backpressure && streams.readableStreamDesiredSize(state.readable) <= 0 && streams.readableStreamIsReadable(state.readable)) {
      state.backpressure = true;
      host.wsSetReading(state.id, false);
    }
  },
  // Messages reached the socket: the write in flight settles once its bytes are written.
  function written(stream, bytes) {
    const state = stateOf(stream);
    state.writtenBytes += bytes;
    if (state.pendingWrite !== null && state.pendingWrite.target <= state.writtenBytes) settlePendingWrite(state);
  },
  // The server started the closing handshake: CLOSING (messages after it are not read).
  function closing(stream) {
    const state = stateOf(stream);
    if (state.readyState === OPEN) state.readyState = CLOSING;
  },
  // "When the WebSocket connection is closed".
  function closed(stream, code, reason, wasClean, failure) {
    const state = stateOf(stream);
    // 1. CLOSED. A write still in flight was not written; it settles (as a dropped message).
    state.readyState = CLOSED;
    settlePendingWrite(state);
    // 2. Aborted while connecting: the promises are already rejected.
    if (state.handshakeAborted) return;
    // 3. Never connected: the opened promise rejects with a WebSocketError.
    if (!state.wasEverConnected) {
      rejectPromise(state.opened, createUnvalidatedWebSocketError(connectionFailure(state, failure), null, ""));
    }
    // 4–5. The connection's close code and reason.
    if (wasClean) {
      // 6. Closed cleanly: close the readable side, error the writable side (a closed stream
      // cannot be written to), resolve closed with a WebSocketCloseInfo.
      if (state.closeRequest !== null) resolvePromise(state.closeRequest, undefined);
      if (state.readable !== undefined && streams.readableStreamIsReadable(state.readable)) streams.readableStreamClose(state.readable);
      if (state.writable !== undefined) {
        streams.writableStreamError(state.writable, domException("InvalidStateError", "A closed WebSocketStream cannot be written to."));
      }
      resolvePromise(state.closed, { closeCode: code, reason });
    } else {
      // 7. Otherwise a WebSocketError with the code and reason errors both sides and rejects
      // closed.
      const message = failure !== undefined || !state.wasEverConnected ? connectionFailure(state, failure) : "The WebSocket connection closed uncleanly.";
      const error = createUnvalidatedWebSocketError(message, code, reason);
      if (state.closeRequest !== null) rejectPromise(state.closeRequest, error);
      if (state.readable !== undefined) streams.readableStreamError(state.readable, error);
      if (state.writable !== undefined) streams.writableStreamError(state.writable, error);
      rejectPromise(state.closed, error);
    }
  },
);

internals.WebSocketStream = WebSocketStream;
