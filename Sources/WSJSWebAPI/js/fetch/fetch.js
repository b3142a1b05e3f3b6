// SPDX-License-Identifier: MIT
// fetch() (https://fetch.spec.whatwg.org/#fetch-method) and main fetch
// (https://fetch.spec.whatwg.org/#concept-main-fetch).
//
// wsjs has no page, so there is no origin to protect: no CORS checks or preflights, no mixed
// content, no CSP, no service workers, no HTTP cache and no cookie jar (as Deno). Responses are of
// type "basic" and every header is readable. http: and https: go to http-fetch.js.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl", "abort");
const { request: requestOps } = internals.require("fetch/request");
const { response: responseOps } = internals.require("fetch/response");
const { body: bodyOps } = internals.require("fetch/body");
const { schemeFetch } = internals.require("fetch/scheme-fetch");

/// The fetch controller (https://fetch.spec.whatwg.org/#fetch-controller): `abort(error)` runs
/// the abort hooks the network layer registered (closing its connection).
function newFetchController() {
  const controller = {
    state: "ongoing",
    serializedAbortReason: undefined,
    abortHooks: [],
    abort(error) {
      if (controller.state !== "ongoing") return;
      controller.state = "aborted";
      controller.serializedAbortReason = error;
      const hooks = controller.abortHooks;
      controller.abortHooks = [];
      for (const hook of hooks) hook(error);
    },
  };
  return controller;
}

// https://fetch.spec.whatwg.org/#concept-main-fetch: a promise for a response record.
function mainFetch(fetchParams) {
  const request = fetchParams.request;
  // Scheme fetch for local schemes; HTTP fetch for http: and https:.
  let response = schemeFetch.localSchemeFetch(request);
  const responsePromise = response !== undefined ? P.PromiseResolve(response) : internals.require("fetch/http-fetch").httpFetch.httpFetch(fetchParams);
  return P.PromisePrototypeThen(responsePromise, (response) => {
    if (response.type === "error") return response;
    // 14. Without CORS, every response is "basic" (see the file's comment).
    if (response.type === "default") response.type = "basic";
    // 15. The URL list, if the response has none.
    if (response.urlList.length === 0) response.urlList = P.ArrayPrototypeSlice(request.urlList);
    // 20. HEAD and CONNECT, and null body statuses, have no body.
    if (request.method === "HEAD" || request.method === "CONNECT" || responseOps.isNullBodyStatus(response.status)) response.body = null;
    // Deviation: request.integrity is not verified (there is no digest host operation yet).
    return response;
  });
}

// https://fetch.spec.whatwg.org/#abort-fetch
function abortFetch(reject, request, responseObject, error) {
  // 1. Reject the promise with error.
  reject(error);
  // 2. A request body still readable is canceled with error.
  const requestBody = request.body;
  if (requestBody !== null && requestBody.stream !== null && internals.streams.readableStreamIsReadable(requestBody.stream)) {
    P.PromisePrototypeThen(internals.streams.readableStreamCancel(requestBody.stream, error), undefined, () => {});
  }
  // 3–5. A response body still readable is errored with error (one being read whole without a
  // stream fails that read).
  if (responseObject === null) return;
  const responseBody = responseOps.responseStateOf(responseObject).response.body;
  if (responseBody === null) return;
  if (responseBody.stream === null && responseBody.consumed) {
    responseBody.feed?.fail(error);
    return;
  }
  const stream = bodyOps.streamOf(responseBody);
  if (internals.streams.readableStreamIsReadable(stream)) internals.streams.readableStreamError(stream, error);
}

/// The TypeError a network error rejects fetch() with, saying why.
function networkErrorToTypeError(response) {
  return new P.TypeError(`fetch failed: ${response.error ?? "network error"}`);
}

// https://fetch.spec.whatwg.org/#dom-global-fetch
function fetch(input, init = undefined) {
  let requestObject;
  try {
    const prefix = "Failed to execute 'fetch'";
    webidl.requiredArguments(arguments.length, 1, prefix);
    // 1–3. A new Request from the arguments; its request.
    requestObject = new requestOps.Request(input, init);
  } catch (error) {
    return P.PromiseReject(error);
  }
  const state = requestOps.requestStateOf(requestObject);
  const request = state.request;
  // The request's signal follows its source: watching the source is the same (and a fetch
  // without a signal needs none).
  const signal = state.signal ?? state.signalSource;
  return new P.Promise((resolve, reject) => {
    if (signal === null) {
      P.PromisePrototypeThen(mainFetch({ request, controller: newFetchController() }), (response) => {
        if (response.type === "error") reject(networkErrorToTypeError(response));
        else resolve(responseOps.createResponse(response, "immutable"));
      }, (error) => reject(new P.TypeError(`fetch failed: internal error: ${error?.message ?? error}`)));
      return;
    }
    // 4. An aborted signal: abort the fetch at once.
    if (internals.isAborted(signal)) {
      abortFetch(reject, request, null, internals.abortReason(signal));
      return;
    }
    // 10–13. responseObject, locallyAborted, and the fetch controller.
    let responseObject = null;
    let locallyAborted = false;
    const controller = newFetchController();
    // 14. Abort steps: abort the controller and the fetch.
    const abortAlgorithm = () => {
      locallyAborted = true;
      const reason = internals.abortReason(signal);
      controller.abort(reason);
      abortFetch(reject, request, responseObject, reason);
    };
    internals.addAbortAlgorithm(signal, abortAlgorithm);
    // 15. Fetch, and process the response.
    const fetchParams = { request, controller };
    const settle = (response) => {
      // 15.1 Locally aborted: the abort steps settled the promise.
      if (locallyAborted) return;
      // 15.3 A network error rejects with a TypeError that says why.
      if (response.type === "error") {
        internals.removeAbortAlgorithm(signal, abortAlgorithm);
        reject(networkErrorToTypeError(response));
        return;
      }
      // 15.4–15.5 A Response object with immutable headers.
      responseObject = responseOps.createResponse(response, "immutable");
      resolve(responseObject);
    };
    P.PromisePrototypeThen(mainFetch(fetchParams), settle, (error) => settle(responseOps.networkError(`internal error: ${error?.message ?? error}`)));
  });
}

internals.fetch = fetch;
internals.fetchOps = { fetch, mainFetch, newFetchController, abortFetch };
