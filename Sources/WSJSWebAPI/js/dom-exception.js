// SPDX-License-Identifier: MIT
// DOMException (https://webidl.spec.whatwg.org/#idl-DOMException), with the legacy code table
// of §2.8.1 ("error names").
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");

const legacyCodes = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
  NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
  SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
  TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
  QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
};

const constants = {
  INDEX_SIZE_ERR: 1, DOMSTRING_SIZE_ERR: 2, HIERARCHY_REQUEST_ERR: 3, WRONG_DOCUMENT_ERR: 4,
  INVALID_CHARACTER_ERR: 5, NO_DATA_ALLOWED_ERR: 6, NO_MODIFICATION_ALLOWED_ERR: 7, NOT_FOUND_ERR: 8,
  NOT_SUPPORTED_ERR: 9, INUSE_ATTRIBUTE_ERR: 10, INVALID_STATE_ERR: 11, SYNTAX_ERR: 12,
  INVALID_MODIFICATION_ERR: 13, NAMESPACE_ERR: 14, INVALID_ACCESS_ERR: 15, VALIDATION_ERR: 16,
  TYPE_MISMATCH_ERR: 17, SECURITY_ERR: 18, NETWORK_ERR: 19, ABORT_ERR: 20, URL_MISMATCH_ERR: 21,
  QUOTA_EXCEEDED_ERR: 22, TIMEOUT_ERR: 23, INVALID_NODE_TYPE_ERR: 24, DATA_CLONE_ERR: 25,
};

class DOMException {
  #name;
  #message;

  constructor(message = undefined, name = undefined) {
    const prefix = webidl.operationPrefix("DOMException", "constructor");
    // 1–2. Set message and name (both DOMString, defaulting to "" and "Error").
    this.#message = message === undefined ? "" : webidl.converters.DOMString(message, prefix, "Argument 1");
    this.#name = name === undefined ? "Error" : webidl.converters.DOMString(name, prefix, "Argument 2");
    // Not in WebIDL, but every engine gives DOMExceptions a stack like other errors.
    const stack = new P.Error().stack;
    P.ObjectDefineProperty(this, "stack", { value: stack, writable: true, configurable: true });
  }

  get name() {
    if (!(#name in this)) throw webidl.invalidThis("DOMException");
    return this.#name;
  }

  get message() {
    if (!(#name in this)) throw webidl.invalidThis("DOMException");
    return this.#message;
  }

  get code() {
    if (!(#name in this)) throw webidl.invalidThis("DOMException");
    return legacyCodes[this.#name] ?? 0;
  }
}

// The DOMException prototype object's [[Prototype]] is %Error.prototype% (WebIDL §3.14.1).
P.ObjectSetPrototypeOf(DOMException.prototype, P.Error.prototype);
webidl.configureInterface(DOMException);
webidl.defineConstants(DOMException, constants);

/// Shorthand for host code and other modules: `throw domException("InvalidStateError", "…")`.
function domException(name, message) {
  return new DOMException(message, name);
}

internals.DOMException = DOMException;
internals.domException = domException;
host.setDOMExceptionConstructor(DOMException);
