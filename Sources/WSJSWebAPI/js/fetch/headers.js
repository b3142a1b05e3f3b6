// SPDX-License-Identifier: MIT
// Headers (https://fetch.spec.whatwg.org/#headers-class): a header list with a guard.
//
// wsjs extension (as Deno, Node and WinterTC's server-side fetch): no forbidden request-header
// or forbidden response-header names. A headless script has no user to protect, and a test may
// need to send Cookie or Host and read Set-Cookie. The "immutable" and "request-no-cors" guards
// are kept.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { headerList } = internals.require("fetch/header-list");
const { defineIterable } = internals.require("fetch/pair-iterator").pairIterator;
const { converters } = webidl;

let stateOf;
const lower = P.StringPrototypeToLowerCase;

// https://fetch.spec.whatwg.org/#cors-safelisted-request-header (the parts that apply without a
// page: the value-length limit and the safelisted names and Content-Type essences).
function isCORSSafelistedRequestHeader(name, value) {
  if (value.length > 128) return false;
  switch (lower(name)) {
    case "accept":
    case "accept-language":
    case "content-language":
      return !P.RegExpPrototypeTest(/["():<>?@[\\\]{}\u007F\0-\u0008\u000A-\u001F]/, value);
    case "content-type": {
      const mimeType = internals.require("fetch/mime-type").mimeType.parseMIMEType(value);
      if (mimeType === null) return false;
      const essence = `${mimeType.type}/${mimeType.subtype}`;
      return essence === "application/x-www-form-urlencoded" || essence === "multipart/form-data" || essence === "text/plain";
    }
    default:
      return false;
  }
}

// https://fetch.spec.whatwg.org/#headers-validate: false when the header must be ignored.
function validate(state, name, value, prefix) {
  // 1. An invalid name or value throws.
  if (!headerList.isHeaderName(name)) throw webidl.makeException(P.TypeError, `Invalid header name: "${name}".`, prefix);
  if (!headerList.isHeaderValue(value)) throw webidl.makeException(P.TypeError, `Invalid value for header "${name}": ${P.JSONStringify(value)}.`, prefix);
  // 2. An immutable guard throws.
  if (state.guard === "immutable") throw webidl.makeException(P.TypeError, "Headers are immutable.", prefix);
  // 3–4. Forbidden names are allowed (see the file's comment). 5. Return true.
  return true;
}

// https://fetch.spec.whatwg.org/#concept-headers-append
function appendHeader(state, name, value, prefix) {
  // 1. Normalize value. 2. Validate.
  value = headerList.normalizeHeaderValue(value);
  if (!validate(state, name, value, prefix)) return;
  // 3. request-no-cors: the combined value must stay a no-CORS-safelisted request-header.
  if (state.guard === "request-no-cors") {
    const temporaryValue = headerList.get(state.list, name);
    if (!isCORSSafelistedRequestHeader(name, temporaryValue === null ? value : `${temporaryValue}, ${value}`)) return;
  }
  // 4. Append. 5. request-no-cors: remove privileged no-CORS request-headers (Range only).
  headerList.append(state.list, name, value);
  if (state.guard === "request-no-cors") headerList.remove(state.list, "range");
}

// https://fetch.spec.whatwg.org/#concept-headers-fill
function fill(state, object, prefix) {
  // 1. A sequence of pairs, each exactly two long; 2. or a record.
  if (object[P.SymbolIterator] !== undefined) {
    const pairs = webidl.createSequenceConverter(webidl.createSequenceConverter(converters.ByteString))(object, prefix, "Argument 1");
    for (const header of pairs) {
      if (header.length !== 2) throw webidl.makeException(P.TypeError, `A header pair must have exactly two items, got ${header.length}.`, prefix);
      appendHeader(state, header[0], header[1], prefix);
    }
  } else {
    for (const key of P.ReflectOwnKeys(object)) {
      if (typeof key === "symbol") continue;
      const descriptor = P.ObjectGetOwnPropertyDescriptor(object, key);
      if (descriptor === undefined || !descriptor.enumerable) continue;
      appendHeader(state, converters.ByteString(key, prefix, "Argument 1"), converters.ByteString(object[key], prefix, "Argument 1"), prefix);
    }
  }
}

function convertHeadersInit(init, prefix) {
  if (webidl.type(init) !== "Object") throw webidl.makeException(P.TypeError, "The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.", prefix, "Argument 1");
  return init;
}

class Headers {
  /// { list: header list, guard }.
  #state;

  // https://fetch.spec.whatwg.org/#dom-headers
  constructor(init = undefined) {
    const prefix = webidl.operationPrefix("Headers", "constructor");
    // 1. Guard "none". 2. Fill with init if given.
    this.#state = { list: [], guard: "none" };
    if (init !== undefined) fill(this.#state, convertHeadersInit(init, prefix), prefix);
  }

  static {
    stateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#state in value)) throw webidl.invalidThis("Headers");
      return value.#state;
    };
  }

  append(name, value) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("Headers", "append");
    webidl.requiredArguments(arguments.length, 2, prefix);
    name = converters.ByteString(name, prefix, "Argument 1");
    value = converters.ByteString(value, prefix, "Argument 2");
    appendHeader(state, name, value, prefix);
  }

  // https://fetch.spec.whatwg.org/#dom-headers-delete
  delete(name) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("Headers", "delete");
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.ByteString(name, prefix, "Argument 1");
    // 1. Validate (the value is irrelevant).
    if (!validate(state, name, "", prefix)) return;
    // 2. request-no-cors and a name that is not safelisted: return.
    if (state.guard === "request-no-cors" && !isCORSSafelistedRequestHeader(name, "")) return;
    // 3. Not in the list: return. 4. Delete.
    if (!headerList.contains(state.list, name)) return;
    headerList.remove(state.list, name);
  }

  // https://fetch.spec.whatwg.org/#dom-headers-get
  get(name) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("Headers", "get");
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.ByteString(name, prefix, "Argument 1");
    if (!headerList.isHeaderName(name)) throw webidl.makeException(P.TypeError, `Invalid header name: "${name}".`, prefix);
    return headerList.get(state.list, name);
  }

  // https://fetch.spec.whatwg.org/#dom-headers-getsetcookie
  getSetCookie() {
    const state = stateOf(this);
    const values = [];
    for (const [name, value] of state.list) if (lower(name) === "set-cookie") P.ArrayPrototypePush(values, value);
    return values;
  }

  has(name) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("Headers", "has");
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.ByteString(name, prefix, "Argument 1");
    if (!headerList.isHeaderName(name)) throw webidl.makeException(P.TypeError, `Invalid header name: "${name}".`, prefix);
    return headerList.contains(state.list, name);
  }

  // https://fetch.spec.whatwg.org/#dom-headers-set
  set(name, value) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("Headers", "set");
    webidl.requiredArguments(arguments.length, 2, prefix);
    name = converters.ByteString(name, prefix, "Argument 1");
    value = converters.ByteString(value, prefix, "Argument 2");
    // 1. Normalize. 2. Validate. 3. request-no-cors: only safelisted pairs.
    value = headerList.normalizeHeaderValue(value);
    if (!validate(state, name, value, prefix)) return;
    if (state.guard === "request-no-cors" && !isCORSSafelistedRequestHeader(name, value)) return;
    // 4. Set. 5. request-no-cors: remove privileged no-CORS request-headers.
    headerList.set(state.list, name, value);
    if (state.guard === "request-no-cors") headerList.remove(state.list, "range");
  }
}

// https://fetch.spec.whatwg.org/#ref-for-dfn-iterator-value-pairs: sort and combine, computed
// at each step (Fetch algorithms change the same list, so nothing is cached).
function pairsOf(headers) {
  return headerList.sortAndCombine(stateOf(headers).list);
}

defineIterable(Headers, pairsOf);
webidl.configureInterface(Headers);

/// A new Headers object over `list` (shared, not copied) with `guard`.
function createHeaders(list, guard) {
  const headers = new Headers();
  const state = stateOf(headers);
  state.list = list;
  state.guard = guard;
  return headers;
}

internals.Headers = Headers;
internals.headers = {
  Headers,
  createHeaders,
  fill: (headers, object, prefix) => { const state = stateOf(headers); fill(state, convertHeadersInit(object, prefix), prefix); },
  listOf: (headers) => stateOf(headers).list,
  guardOf: (headers) => stateOf(headers).guard,
  setGuard: (headers, guard) => { stateOf(headers).guard = guard; },
  setList: (headers, list) => { stateOf(headers).list = list; },
  isCORSSafelistedRequestHeader,
};
