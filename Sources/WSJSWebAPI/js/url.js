// SPDX-License-Identifier: MIT
// The URL interface (URL Standard §6.1): a URL record behind WebIDL-shaped accessors, whose
// setters rerun the basic URL parser with a state override. URLSearchParams is in
// url-search-params.js; the two share the record through `internals`.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { converters } = webidl;
const { percentEncodeString, inUserinfoSet } = internals.require("url-host").urlHost;
const { S, basicURLParse, serializeOrigin } = internals.require("url-parser").urlParser;
const { serializeURL, serializePath, hasOpaquePath, cannotHaveCredentialsOrPort } = internals.require("url-record").urlRecord;
const searchParams = internals.require("url-search-params").urlSearchParams;

let stateOf;

// §4.4 "API URL parser" front end: parse `url` against an optional base string.
function parseWithBase(url, base) {
  let parsedBase = null;
  if (base !== undefined) {
    parsedBase = basicURLParse(base);
    if (parsedBase === null) return null;
  }
  return basicURLParse(url, parsedBase);
}

function invalidURL(prefix, url, base) {
  return new P.TypeError(`${prefix}: Invalid URL: '${url}'${base === undefined ? "" : ` with base '${base}'`}`);
}

class URL {
  /// { url: URL record, query: the URLSearchParams object }.
  #state;

  constructor(url, base = undefined) {
    const prefix = webidl.operationPrefix("URL", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = converters.USVString(url, prefix, "Argument 1");
    if (base !== undefined) base = converters.USVString(base, prefix, "Argument 2");
    // §6.1 constructor steps: 1. parse; 2. failure throws a TypeError; 3. initialize.
    const record = parseWithBase(url, base);
    if (record === null) throw invalidURL(prefix, url, base);
    this.#state = { url: record, query: null };
    this.#state.query = searchParams.createFor(this.#state);
  }

  static {
    stateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#state in value)) throw webidl.invalidThis("URL");
      return value.#state;
    };
  }

  static parse(url, base = undefined) {
    const prefix = webidl.operationPrefix("URL", "parse");
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = converters.USVString(url, prefix, "Argument 1");
    if (base !== undefined) base = converters.USVString(base, prefix, "Argument 2");
    if (parseWithBase(url, base) === null) return null;
    return new URL(url, base);
  }

  static canParse(url, base = undefined) {
    const prefix = webidl.operationPrefix("URL", "canParse");
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = converters.USVString(url, prefix, "Argument 1");
    if (base !== undefined) base = converters.USVString(base, prefix, "Argument 2");
    return parseWithBase(url, base) !== null;
  }

  // File API §8.2: the blob URL store (blob-url-store.js).
  static createObjectURL(obj) {
    return P.ReflectApply(internals.require("blob-url-store").blobURLStore.createObjectURL, undefined, arguments);
  }

  static revokeObjectURL(url) {
    return P.ReflectApply(internals.require("blob-url-store").blobURLStore.revokeObjectURL, undefined, arguments);
  }

  get href() { return serializeURL(stateOf(this).url); }
  set href(value) {
    const state = stateOf(this);
    value = converters.USVString(value, "Failed to set the 'href' property on 'URL'", "The value provided");
    const record = basicURLParse(value);
    if (record === null) throw invalidURL("Failed to set the 'href' property on 'URL'", value);
    state.url = record;
    searchParams.resetFromQuery(state.query, record.query);
  }

  get origin() { return serializeOrigin(stateOf(this).url); }

  get protocol() { return stateOf(this).url.scheme + ":"; }
  set protocol(value) {
    const state = stateOf(this);
    basicURLParse(converters.USVString(value) + ":", null, state.url, S.schemeStart);
  }

  get username() { return stateOf(this).url.username; }
  set username(value) {
    const { url } = stateOf(this);
    value = converters.USVString(value);
    if (cannotHaveCredentialsOrPort(url)) return;
    url.username = percentEncodeString(value, inUserinfoSet);
  }

  get password() { return stateOf(this).url.password; }
  set password(value) {
    const { url } = stateOf(this);
    value = converters.USVString(value);
    if (cannotHaveCredentialsOrPort(url)) return;
    url.password = percentEncodeString(value, inUserinfoSet);
  }

  get host() {
    const { url } = stateOf(this);
    if (url.host === null) return "";
    return url.port === null ? url.host : `${url.host}:${url.port}`;
  }
  set host(value) {
    const { url } = stateOf(this);
    value = converters.USVString(value);
    if (hasOpaquePath(url)) return;
    basicURLParse(value, null, url, S.host);
  }

  get hostname() { return stateOf(this).url.host ?? ""; }
  set hostname(value) {
    const { url } = stateOf(this);
    value = converters.USVString(value);
    if (hasOpaquePath(url)) return;
    basicURLParse(value, null, url, S.hostname);
  }

  get port() {
    const { url } = stateOf(this);
    return url.port === null ? "" : `${url.port}`;
  }
  set port(value) {
    const { url } = stateOf(this);
    value = converters.USVString(value);
    if (cannotHaveCredentialsOrPort(url)) return;
    if (value === "") url.port = null;
    else basicURLParse(value, null, url, S.port);
  }

  get pathname() { return serializePath(stateOf(this).url); }
  set pathname(value) {
    const { url } = stateOf(this);
    value = converters.USVString(value);
    if (hasOpaquePath(url)) return;
    url.path = [];
    basicURLParse(value, null, url, S.pathStart);
  }

  get search() {
    const { query } = stateOf(this).url;
    return query === null || query === "" ? "" : "?" + query;
  }
  set search(value) {
    const state = stateOf(this);
    const { url } = state;
    value = converters.USVString(value);
    if (value === "") {
      url.query = null;
      searchParams.resetFromQuery(state.query, null);
      return;
    }
    const input = value[0] === "?" ? P.StringPrototypeSlice(value, 1) : value;
    url.query = "";
    basicURLParse(input, null, url, S.query);
    searchParams.resetFromQuery(state.query, input);
  }

  get searchParams() { return stateOf(this).query; }

  get hash() {
    const { fragment } = stateOf(this).url;
    return fragment === null || fragment === "" ? "" : "#" + fragment;
  }
  set hash(value) {
    const { url } = stateOf(this);
    value = converters.USVString(value);
    if (value === "") {
      url.fragment = null;
      return;
    }
    const input = value[0] === "#" ? P.StringPrototypeSlice(value, 1) : value;
    url.fragment = "";
    basicURLParse(input, null, url, S.fragment);
  }

  toString() { return serializeURL(stateOf(this).url); }
  toJSON() { return serializeURL(stateOf(this).url); }
}

webidl.configureInterface(URL);

/// Parses `url` against the optional base URL string; null on failure (for WebSocket, Location).
function parseURL(url, base = undefined) {
  return parseWithBase(url, base);
}

internals.URL = URL;
internals.URLSearchParams = searchParams.URLSearchParams;
internals.url = { parseURL, serializeURL, serializeOrigin, serializePath };
