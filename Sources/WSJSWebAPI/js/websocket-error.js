// SPDX-License-Identifier: MIT
// WebSocketError (WHATWG WebSockets Standard, "The WebSocketError interface"): the DOMException
// that WebSocketStream rejects and errors with, carrying a close code and reason; also what a
// script passes to abort() or cancel() to close with a code and reason. And "validate close code
// and reason", which WebSocketStream's close() shares with it.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { DOMException, domException } = internals.require("dom-exception");
const { converters } = webidl;

// dictionary WebSocketCloseInfo { [EnforceRange] unsigned short closeCode; USVString reason = ""; }
const convertCloseInfo = webidl.createDictionaryConverter("WebSocketCloseInfo", [
  { key: "closeCode", converter: converters["unsigned short"], options: { enforceRange: true } },
  { key: "reason", converter: converters.USVString, defaultValue: "" },
]);

// "Validate close code and reason" given code (or null) and reason (or null).
function validateCloseCodeAndReason(code, reason, prefix) {
  // 1. A code other than 1000 or 3000–4999: InvalidAccessError.
  if (code !== null && code !== 1000 && !(code >= 3000 && code <= 4999)) {
    throw domException("InvalidAccessError", `${prefix}: The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`);
  }
  // 2. A reason longer than 123 bytes of UTF-8: SyntaxError.
  if (reason !== null && reason.length !== 0 && host.utf8Length(reason) > 123) {
    throw domException("SyntaxError", `${prefix}: The close reason must not be greater than 123 UTF-8 bytes.`);
  }
}

/// Set while the prelude makes a WebSocketError for a close code a script may not give (1006…):
/// the constructor then skips validation (the standard's "a new WebSocketError whose closeCode is
/// code and reason is reason").
let unvalidated = null;

class WebSocketError extends DOMException {
  #closeCode;
  #reason;

  // new WebSocketError(message = "", init = {})
  constructor(message = "", init = undefined) {
    const prefix = webidl.operationPrefix("WebSocketError", "constructor");
    message = converters.DOMString(message, prefix, "Argument 1");
    const closeInfo = unvalidated ?? convertCloseInfo(init, prefix, "Argument 2");
    // 1–2. Set this's name to "WebSocketError" and its message.
    super(message, "WebSocketError");
    // 3–4. code is init's closeCode or null; reason is init's reason.
    let code = closeInfo.closeCode ?? null;
    const reason = closeInfo.reason;
    if (unvalidated === null) {
      // 5. Validate close code and reason.
      validateCloseCodeAndReason(code, reason, prefix);
      // 6. A non-empty reason without a code: 1000 ("Normal Closure").
      if (reason.length !== 0 && code === null) code = 1000;
    }
    // 7–8. Set this's closeCode and reason.
    this.#closeCode = code;
    this.#reason = reason;
  }

  get closeCode() {
    if (!(#reason in this)) throw webidl.invalidThis("WebSocketError");
    return this.#closeCode;
  }

  get reason() {
    if (!(#reason in this)) throw webidl.invalidThis("WebSocketError");
    return this.#reason;
  }

  static {
    internals.isWebSocketError = (value) => value !== null && typeof value === "object" && #reason in value;
  }
}

webidl.configureInterface(WebSocketError);

/// A WebSocketError with any code (1006 for an unclean close) and reason, not validated.
function createUnvalidatedWebSocketError(message, closeCode, reason) {
  unvalidated = { closeCode, reason };
  try {
    return new WebSocketError(message);
  } finally {
    unvalidated = null;
  }
}

internals.WebSocketError = WebSocketError;
internals.webSocketErrors = { convertCloseInfo, validateCloseCodeAndReason, createUnvalidatedWebSocketError };
