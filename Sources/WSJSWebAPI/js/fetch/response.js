// SPDX-License-Identifier: MIT
// Response (https://fetch.spec.whatwg.org/#response-class). A response record is
// { type, status, statusText, urlList (serialized URLs), headers (a header list), body,
// aborted }; a network error is { type: "error", status: 0, … } with an `error` saying why.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { headers: headersOps } = internals.require("fetch/headers");
const { headerList } = internals.require("fetch/header-list");
const { body: bodyOps } = internals.require("fetch/body");
const { parseURL, serializeURL } = internals.require("url").url;
const { converters } = webidl;

let stateOf;

// https://fetch.spec.whatwg.org/#null-body-status and #redirect-status
const isNullBodyStatus = (status) => status === 101 || status === 103 || status === 204 || status === 205 || status === 304;
const isRedirectStatus = (status) => status === 301 || status === 302 || status === 303 || status === 307 || status === 308;

const responseInit = webidl.createDictionaryConverter("ResponseInit", [
  { key: "status", converter: converters["unsigned short"], defaultValue: 200 },
  { key: "statusText", converter: converters.ByteString, defaultValue: "" },
  { key: "headers", converter: (value, prefix, context) => converters.object(value, prefix, context) },
]);

function newResponse() {
  return { type: "default", status: 200, statusText: "", urlList: [], headers: [], body: null, aborted: false };
}

/// https://fetch.spec.whatwg.org/#concept-network-error: `reason` says why, for the TypeError.
function networkError(reason) {
  return { type: "error", status: 0, statusText: "", urlList: [], headers: [], body: null, aborted: false, error: reason };
}

// https://fetch.spec.whatwg.org/#initialize-a-response
function initializeResponse(state, init, bodyWithType, prefix) {
  // 1. status must be in 200–599.
  if (init.status < 200 || init.status > 599) {
    throw webidl.makeException(P.RangeError, `The status provided (${init.status}) is outside the range [200, 599].`, prefix);
  }
  // 2. statusText must match the reason-phrase production.
  if (!P.RegExpPrototypeTest(/^[\t\u0020-\u007E\u0080-\u00FF]*$/, init.statusText)) {
    throw webidl.makeException(P.TypeError, `Invalid statusText: ${P.JSONStringify(init.statusText)}.`, prefix);
  }
  // 3–4. Status and status message.
  state.response.status = init.status;
  state.response.statusText = init.statusText;
  // 5. Headers from init.
  if (init.headers !== undefined) headersOps.fill(state.headers, init.headers, prefix);
  // 6. A body: not with a null body status; Content-Type from its type if none was given.
  if (bodyWithType !== null) {
    if (isNullBodyStatus(state.response.status)) {
      throw webidl.makeException(P.TypeError, `Response with null body status (${state.response.status}) cannot have body.`, prefix);
    }
    state.response.body = bodyWithType.body;
    if (bodyWithType.type !== null && !headerList.contains(state.response.headers, "content-type")) {
      headerList.append(state.response.headers, "Content-Type", bodyWithType.type);
    }
  }
}

class Response {
  /// { response, headers (Headers) }.
  #state;

  // https://fetch.spec.whatwg.org/#dom-response
  constructor(body = null, init = undefined) {
    const prefix = webidl.operationPrefix("Response", "constructor");
    init = responseInit(init, prefix, "Argument 2");
    // 1–2. A new response, and Headers over its list with guard "response".
    const response = newResponse();
    this.#state = { response, headers: headersOps.createHeaders(response.headers, "response") };
    // 3–4. The body with its type. 5. Initialize.
    const bodyWithType = body === null || body === undefined ? null : bodyOps.extractBody(body);
    initializeResponse(this.#state, init, bodyWithType, prefix);
  }

  static {
    stateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#state in value)) throw webidl.invalidThis("Response");
      return value.#state;
    };
  }

  // https://fetch.spec.whatwg.org/#dom-response-error
  static error() {
    return createResponse(networkError("Response.error()"), "immutable");
  }

  // https://fetch.spec.whatwg.org/#dom-response-redirect
  static redirect(url, status = 302) {
    const prefix = webidl.operationPrefix("Response", "redirect");
    webidl.requiredArguments(arguments.length, 1, prefix);
    url = converters.USVString(url, prefix, "Argument 1");
    status = converters["unsigned short"](status, prefix, "Argument 2");
    // 1–2. Parse against the API base URL.
    const base = internals.require("location").location?.href;
    const parsedURL = parseURL(url, base);
    if (parsedURL === null) throw webidl.makeException(P.TypeError, `Invalid URL: '${url}'.`, prefix);
    // 3. A redirect status only.
    if (!isRedirectStatus(status)) throw webidl.makeException(P.RangeError, `Invalid status code ${status}: not a redirect status.`, prefix);
    // 4–7. A response with that status and a Location header, headers immutable.
    const response = newResponse();
    response.status = status;
    headerList.append(response.headers, "Location", serializeURL(parsedURL));
    return createResponse(response, "immutable");
  }

  // https://fetch.spec.whatwg.org/#dom-response-json
  static json(data, init = undefined) {
    const prefix = webidl.operationPrefix("Response", "json");
    webidl.requiredArguments(arguments.length, 1, prefix);
    init = responseInit(init, prefix, "Argument 2");
    // 1. Serialize to JSON bytes (undefined, functions and symbols have no JSON: TypeError).
    const text = P.JSONStringify(data);
    if (text === undefined) throw webidl.makeException(P.TypeError, "The data is not JSON serializable.", prefix);
    // 2. The body. 3–4. A new response, initialized with type application/json.
    const body = bodyOps.extractBody(text).body;
    const response = newResponse();
    const object = createResponse(response, "response");
    initializeResponse(stateOf(object), init, { body, type: "application/json" }, prefix);
    return object;
  }

  get type() { return stateOf(this).response.type; }
  // https://fetch.spec.whatwg.org/#dom-response-url: the last URL without its fragment, or "".
  get url() {
    const { urlList } = stateOf(this).response;
    if (urlList.length === 0) return "";
    const url = urlList[urlList.length - 1];
    const hash = P.StringPrototypeIndexOf(url, "#");
    return hash === -1 ? url : P.StringPrototypeSlice(url, 0, hash);
  }
  get redirected() { return stateOf(this).response.urlList.length > 1; }
  get status() { return stateOf(this).response.status; }
  get ok() {
    const { status } = stateOf(this).response;
    return status >= 200 && status <= 299;
  }
  get statusText() { return stateOf(this).response.statusText; }
  get headers() { return stateOf(this).headers; }

  // https://fetch.spec.whatwg.org/#dom-response-clone
  clone() {
    const state = stateOf(this);
    // 1. An unusable body throws. 2. Clone (the body teed). 3. Same guard.
    if (bodyOps.isUnusable(state.response.body)) throw new P.TypeError("Failed to execute 'clone' on 'Response': Response body is already used");
    return createResponse(cloneResponse(state.response), headersOps.guardOf(state.headers));
  }
}

// https://fetch.spec.whatwg.org/#concept-response-clone
function cloneResponse(response) {
  const clone = { ...response, urlList: P.ArrayPrototypeSlice(response.urlList), headers: P.ArrayPrototypeMap(response.headers, (h) => [h[0], h[1]]) };
  if (response.body !== null) clone.body = bodyOps.cloneBody(response.body);
  return clone;
}

bodyOps.defineBodyMixin(Response, (object) => {
  const state = stateOf(object);
  return { body: state.response.body, headers: state.response.headers };
});
webidl.configureInterface(Response);

/// https://fetch.spec.whatwg.org/#response-create: a Response object for a response record.
function createResponse(response, guard) {
  const object = new Response();
  const state = stateOf(object);
  state.response = response;
  state.headers = headersOps.createHeaders(response.headers, guard);
  return object;
}

internals.Response = Response;
internals.response = {
  Response, createResponse, newResponse, networkError, isNullBodyStatus, isRedirectStatus,
  responseStateOf: (value) => stateOf(value),
};
