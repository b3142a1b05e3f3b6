// SPDX-License-Identifier: MIT
// Request (https://fetch.spec.whatwg.org/#request-class). A request record is
// { method, urlList (serialized URLs), headers (a header list), body, mode, credentials, cache,
// redirect, integrity, keepalive, referrer, referrerPolicy, duplex, priority }.
//
// wsjs has no page: no origin, window or service worker. The API base URL is --location's, a
// referrer of "about:client" stays "client", and fetch() does no CORS (see fetch.js).
const P = internals.require("primordials").primordials;
const { webidl, AbortSignal } = internals.require("webidl", "abort");
const { headers: headersOps } = internals.require("fetch/headers");
const { headerList } = internals.require("fetch/header-list");
const { body: bodyOps } = internals.require("fetch/body");
const { parseURL, serializeURL } = internals.require("url").url;
const { converters } = webidl;
const StringPrototypeToUpperCase = P.uncurryThis(String.prototype.toUpperCase);

let stateOf;

function enumConverter(typeName, values) {
  return (value, prefix, context) => {
    value = converters.DOMString(value, prefix, context);
    if (!P.ArrayPrototypeIncludes(values, value)) {
      throw webidl.makeException(P.TypeError, `The provided value '${value}' is not a valid enum value of type ${typeName}.`, prefix, context);
    }
    return value;
  };
}

const referrerPolicies = ["", "no-referrer", "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin", "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url"];
const requestInit = webidl.createDictionaryConverter("RequestInit", [
  { key: "method", converter: converters.ByteString },
  { key: "headers", converter: (value, prefix, context) => converters.object(value, prefix, context) },
  { key: "body", converter: converters.any },
  { key: "referrer", converter: converters.USVString },
  { key: "referrerPolicy", converter: enumConverter("ReferrerPolicy", referrerPolicies) },
  { key: "mode", converter: enumConverter("RequestMode", ["navigate", "same-origin", "no-cors", "cors"]) },
  { key: "credentials", converter: enumConverter("RequestCredentials", ["omit", "same-origin", "include"]) },
  { key: "cache", converter: enumConverter("RequestCache", ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"]) },
  { key: "redirect", converter: enumConverter("RequestRedirect", ["follow", "error", "manual"]) },
  { key: "integrity", converter: converters.DOMString },
  { key: "keepalive", converter: converters.boolean },
  { key: "signal", converter: (value, prefix, context) => (value === null ? null : internals.convertAbortSignal(value, prefix, context)) },
  { key: "duplex", converter: enumConverter("RequestDuplex", ["half"]) },
  { key: "priority", converter: enumConverter("RequestPriority", ["high", "low", "auto"]) },
  { key: "window", converter: converters.any },
]);

/// The API base URL: --location's href, or undefined.
function apiBaseURL() {
  return internals.require("location").location?.href;
}

// https://fetch.spec.whatwg.org/#concept-method and #forbidden-method, #concept-method-normalize
const forbiddenMethods = ["CONNECT", "TRACE", "TRACK"];
const normalizedMethods = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
const isMethod = (method) => P.RegExpPrototypeTest(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, method);

/// A copy of a request record (https://fetch.spec.whatwg.org/#concept-request-clone without the
/// body, which the caller decides).
function copyRequest(request) {
  return { ...request, urlList: P.ArrayPrototypeSlice(request.urlList), headers: P.ArrayPrototypeMap(request.headers, (h) => [h[0], h[1]]) };
}

function newRequest(url) {
  return {
    method: "GET", urlList: [url], headers: [], body: null, mode: "no-cors", credentials: "same-origin", cache: "default",
    redirect: "follow", integrity: "", keepalive: false, referrer: "client", referrerPolicy: "", duplex: "half", priority: "auto",
  };
}

class Request {
  /// { request, headers (Headers), signal (AbortSignal, made when first asked for), signalSource
  /// (the signal it follows, or null) }.
  #state;

  // https://fetch.spec.whatwg.org/#dom-request
  constructor(input, init = undefined) {
    const prefix = webidl.operationPrefix("Request", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    const inputState = input !== null && typeof input === "object" && #state in input ? input.#state : null;
    if (inputState === null) input = converters.USVString(input, prefix, "Argument 1");
    init = requestInit(init, prefix, "Argument 2");
    // 1–4. request, fallbackMode, baseURL, signal.
    let request;
    let fallbackMode = null;
    const baseURL = apiBaseURL();
    let signal = null;
    if (inputState === null) {
      // 5. A string: parse it; credentials in the URL are refused.
      const parsedURL = parseURL(input, baseURL);
      if (parsedURL === null) {
        throw webidl.makeException(P.TypeError, `Invalid URL: '${input}'${baseURL === undefined ? " (relative URLs need --location)" : ""}.`, prefix);
      }
      if (parsedURL.username !== "" || parsedURL.password !== "") {
        throw webidl.makeException(P.TypeError, `The URL '${input}' includes credentials; send them in an Authorization header instead.`, prefix);
      }
      request = newRequest(serializeURL(parsedURL));
      fallbackMode = "cors";
    } else {
      // 6. A Request: its request and signal (following its source does the same).
      request = inputState.request;
      signal = inputState.signal ?? inputState.signalSource;
    }
    // 10–11. A window other than null is refused (there is none).
    if (init.window !== undefined && init.window !== null) throw webidl.makeException(P.TypeError, "'window' must be null.", prefix);
    // 12. A new request copied from request.
    request = copyRequest(request);
    request.body = null;
    const initIsEmpty = P.ObjectKeys(init).length === 0;
    // 13. A non-empty init resets the navigation-related fields and the URL list.
    if (!initIsEmpty) {
      if (request.mode === "navigate") request.mode = "same-origin";
      request.referrer = "client";
      request.referrerPolicy = "";
      request.urlList = [request.urlList[request.urlList.length - 1]];
    }
    // 14. referrer: "" is no-referrer; otherwise a URL (about:client is "client").
    if (init.referrer !== undefined) {
      if (init.referrer === "") request.referrer = "no-referrer";
      else {
        const parsedReferrer = parseURL(init.referrer, baseURL);
        if (parsedReferrer === null) throw webidl.makeException(P.TypeError, `Invalid referrer URL: '${init.referrer}'.`, prefix);
        const serialized = serializeURL(parsedReferrer);
        request.referrer = serialized === "about:client" ? "client" : serialized;
      }
    }
    // 15. referrerPolicy.
    if (init.referrerPolicy !== undefined) request.referrerPolicy = init.referrerPolicy;
    // 16–18. mode (navigate is refused).
    const mode = init.mode !== undefined ? init.mode : fallbackMode;
    if (mode === "navigate") throw webidl.makeException(P.TypeError, "Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.", prefix);
    if (mode !== null) request.mode = mode;
    // 19–22. credentials, cache (only-if-cached needs same-origin), redirect.
    if (init.credentials !== undefined) request.credentials = init.credentials;
    if (init.cache !== undefined) request.cache = init.cache;
    if (request.cache === "only-if-cached" && request.mode !== "same-origin") {
      throw webidl.makeException(P.TypeError, "'only-if-cached' can be set only with 'same-origin' mode.", prefix);
    }
    if (init.redirect !== undefined) request.redirect = init.redirect;
    // 23–24. integrity, keepalive.
    if (init.integrity !== undefined) request.integrity = init.integrity;
    if (init.keepalive !== undefined) request.keepalive = init.keepalive;
    // 25. method: a token, not forbidden, normalized.
    if (init.method !== undefined) {
      let method = init.method;
      if (!isMethod(method)) throw webidl.makeException(P.TypeError, `'${method}' is not a valid HTTP method.`, prefix);
      const upper = StringPrototypeToUpperCase(method);
      if (P.ArrayPrototypeIncludes(forbiddenMethods, upper)) throw webidl.makeException(P.TypeError, `'${method}' HTTP method is unsupported.`, prefix);
      if (P.ArrayPrototypeIncludes(normalizedMethods, upper)) method = upper;
      request.method = method;
    }
    // 26. signal. 27. priority.
    if (init.signal !== undefined) signal = init.signal;
    if (init.priority !== undefined) request.priority = init.priority;
    // 28–29. This request; its signal follows signal (a dependent signal, never aborted when
    // there is none), made when a script first asks for it: fetch() follows the source itself.
    const state = { request, headers: null, signal: null, signalSource: signal };
    this.#state = state;
    // 30. Headers over the request's header list with guard "request".
    state.headers = headersOps.createHeaders(request.headers, "request");
    // 31. no-cors: a CORS-safelisted method only, and guard "request-no-cors".
    if (request.mode === "no-cors") {
      if (request.method !== "GET" && request.method !== "HEAD" && request.method !== "POST") {
        throw webidl.makeException(P.TypeError, `'${request.method}' is unsupported in no-cors mode.`, prefix);
      }
      headersOps.setGuard(state.headers, "request-no-cors");
    }
    // 32. A non-empty init: headers from init (or the copied ones), filled in again.
    if (!initIsEmpty) {
      const headers = init.headers !== undefined ? init.headers : P.ArrayPrototypeMap(request.headers, (h) => [h[0], h[1]]);
      P.ArrayPrototypeSplice(request.headers, 0, request.headers.length);
      if (headers instanceof headersOps.Headers) {
        for (const [name, value] of headersOps.listOf(headers)) state.headers.append(name, value);
      } else {
        headersOps.fill(state.headers, headers, prefix);
      }
    }
    // 33. inputBody.
    const inputBody = inputState !== null ? inputState.request.body : null;
    // 34. A body with GET or HEAD is refused.
    if (((init.body !== undefined && init.body !== null) || inputBody !== null) && (request.method === "GET" || request.method === "HEAD")) {
      throw webidl.makeException(P.TypeError, "Request with GET/HEAD method cannot have body.", prefix);
    }
    // 35–36. initBody, and its Content-Type if the headers have none.
    let initBody = null;
    if (init.body !== undefined && init.body !== null) {
      const { body, type } = bodyOps.extractBody(init.body, request.keepalive);
      initBody = body;
      if (type !== null && !headerList.contains(request.headers, "content-type")) headerList.append(request.headers, "Content-Type", type);
    }
    // 37–38. A streamed body needs duplex "half" and a CORS or same-origin mode.
    const inputOrInitBody = initBody ?? inputBody;
    if (inputOrInitBody !== null && inputOrInitBody.source === null) {
      if (initBody !== null && init.duplex === undefined) {
        throw webidl.makeException(P.TypeError, "The 'duplex' member must be specified for a request with a streaming body.", prefix);
      }
      if (request.mode !== "same-origin" && request.mode !== "cors") {
        throw webidl.makeException(P.TypeError, "A request with a streaming body must have mode 'same-origin' or 'cors'.", prefix);
      }
    }
    // 39–40. The input's body moves here through a proxy; the input becomes used.
    let finalBody = inputOrInitBody;
    if (initBody === null && inputBody !== null) {
      if (bodyOps.isUnusable(inputBody)) throw webidl.makeException(P.TypeError, "Cannot construct a Request with a Request object that has already been used.", prefix);
      finalBody = proxyBody(inputBody);
    }
    // 41. Set the body.
    request.body = finalBody;
  }

  static {
    stateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#state in value)) throw webidl.invalidThis("Request");
      return value.#state;
    };
  }

  get method() { return stateOf(this).request.method; }
  get url() { return stateOf(this).request.urlList[0]; }
  get headers() { return stateOf(this).headers; }
  get destination() { stateOf(this); return ""; }
  // https://fetch.spec.whatwg.org/#dom-request-referrer
  get referrer() {
    const { referrer } = stateOf(this).request;
    return referrer === "no-referrer" ? "" : referrer === "client" ? "about:client" : referrer;
  }
  get referrerPolicy() { return stateOf(this).request.referrerPolicy; }
  get mode() { return stateOf(this).request.mode; }
  get credentials() { return stateOf(this).request.credentials; }
  get cache() { return stateOf(this).request.cache; }
  get redirect() { return stateOf(this).request.redirect; }
  get integrity() { return stateOf(this).request.integrity; }
  get keepalive() { return stateOf(this).request.keepalive; }
  get isReloadNavigation() { stateOf(this); return false; }
  get isHistoryNavigation() { stateOf(this); return false; }
  get signal() { return signalOf(stateOf(this)); }
  get duplex() { stateOf(this); return "half"; }

  // https://fetch.spec.whatwg.org/#dom-request-clone
  clone() {
    const state = stateOf(this);
    // 1. An unusable body throws.
    if (bodyOps.isUnusable(state.request.body)) throw new P.TypeError("Failed to execute 'clone' on 'Request': Request body is already used");
    // 2. Clone the request (the body teed). 3–6. A new Request with copied headers and a
    // signal that follows this one's.
    const request = copyRequest(state.request);
    request.body = state.request.body === null ? null : bodyOps.cloneBody(state.request.body);
    return createRequest(request, headersOps.guardOf(state.headers), AbortSignal.any([signalOf(state)]));
  }
}

/// The request's signal: a dependent signal following its source (never aborted without one).
function signalOf(state) {
  if (state.signal === null) state.signal = AbortSignal.any(state.signalSource === null ? [] : [state.signalSource]);
  return state.signal;
}

/// https://streams.spec.whatwg.org/#readablestream-create-a-proxy for a body: bytes are shared
/// and the original counts as read; a stream is piped through an identity transform.
function proxyBody(body) {
  if (body.stream === null) {
    body.consumed = true;
    return bodyOps.bodyFromBytes(body.bytes, body.source);
  }
  return { ...bodyOps.bodyFromStream(internals.streams.createProxy(body.stream), body.length), source: body.source };
}

bodyOps.defineBodyMixin(Request, (object) => {
  const state = stateOf(object);
  return { body: state.request.body, headers: state.request.headers };
});
webidl.configureInterface(Request);

/// A Request object for a request record (https://fetch.spec.whatwg.org/#request-create).
function createRequest(request, guard, signal) {
  const real = new Request("about:blank");
  const state = stateOf(real);
  state.request = request;
  state.headers = headersOps.createHeaders(request.headers, guard);
  state.signal = signal;
  state.signalSource = null;
  return real;
}

internals.Request = Request;
internals.request = { Request, requestStateOf: (value) => stateOf(value), isRequest: (value) => { try { stateOf(value); return true; } catch { return false; } }, createRequest, copyRequest };
