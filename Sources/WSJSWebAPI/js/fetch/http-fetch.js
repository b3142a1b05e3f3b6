// SPDX-License-Identifier: MIT
// HTTP fetch for http: and https: URLs: not in this build yet; a network error that says so.
const { response: responseOps } = internals.require("fetch/response");
const P = internals.require("primordials").primordials;

function httpFetch(fetchParams) {
  return P.PromiseResolve(responseOps.networkError("http: and https: are not supported by this build yet"));
}

internals.httpFetch = { httpFetch };
