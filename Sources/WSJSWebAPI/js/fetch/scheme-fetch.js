// SPDX-License-Identifier: MIT
// Scheme fetch (https://fetch.spec.whatwg.org/#scheme-fetch) for the URLs that need no network:
// about:blank, blob: (the blob URL store of blob-url-store.js) and data:.
const P = internals.require("primordials").primordials;
const { response: responseOps } = internals.require("fetch/response");
const { headerList } = internals.require("fetch/header-list");
const { body: bodyOps } = internals.require("fetch/body");
const { dataURL } = internals.require("fetch/data-url");
const { serializeMIMEType } = internals.require("fetch/mime-type").mimeType;
const { parseURL } = internals.require("url").url;

// https://fetch.spec.whatwg.org/#simple-range-header-value: [start, end] (either may be null,
// not both), or null.
function parseSingleRangeHeaderValue(value, allowWhitespace) {
  const pattern = allowWhitespace ? /^bytes[\t ]*=[\t ]*(\d*)[\t ]*-[\t ]*(\d*)$/ : /^bytes=(\d*)-(\d*)$/;
  const match = pattern.exec(value);
  if (match === null) return null;
  const start = match[1] === "" ? null : P.Number(match[1]);
  const end = match[2] === "" ? null : P.Number(match[2]);
  if (start === null && end === null) return null;
  if (start !== null && end !== null && start > end) return null;
  return [start, end];
}

function okResponse(status, statusText, headers, body) {
  const response = responseOps.newResponse();
  response.status = status;
  response.statusText = statusText;
  response.headers = headers;
  response.body = body;
  return response;
}

// Scheme fetch's "blob" branch.
function blobFetch(request, url) {
  // 1–2. The blob URL entry; only GET of a URL in the store.
  const blob = internals.require("blob-url-store").blobURLStore.resolveBlobURL(url);
  if (request.method !== "GET") return responseOps.networkError(`${request.method} is not allowed for blob: URLs (only GET)`);
  if (blob === undefined) return responseOps.networkError(`no Blob for ${url} (never created, or revoked)`);
  // 7–10. Its size and type.
  const fullLength = blob.size;
  const type = internals.blobType(blob);
  const bytes = internals.blobBytes(blob);
  // 11. No Range header: the whole Blob, 200 OK.
  const rangeHeader = headerList.get(request.headers, "range");
  if (rangeHeader === null) {
    return okResponse(200, "OK", [["Content-Length", `${fullLength}`], ["Content-Type", type]], bodyOps.bodyFromBytes(bytes, blob));
  }
  // 12. A single byte range: 206 Partial Content with Content-Range; anything else fails.
  const rangeValue = parseSingleRangeHeaderValue(rangeHeader, true);
  if (rangeValue === null) return responseOps.networkError(`the Range header ${P.JSONStringify(rangeHeader)} is not a single byte range`);
  let [rangeStart, rangeEnd] = rangeValue;
  if (rangeStart === null) {
    // A suffix range: the last rangeEnd bytes.
    rangeStart = P.MathMax(fullLength - rangeEnd, 0);
    rangeEnd = fullLength - 1;
  } else {
    if (rangeStart >= fullLength) return responseOps.networkError(`the Range starts at ${rangeStart}, past the Blob's ${fullLength} bytes`);
    if (rangeEnd === null || rangeEnd >= fullLength) rangeEnd = fullLength - 1;
  }
  const sliced = P.TypedArrayPrototypeSubarray(bytes, rangeStart, rangeEnd + 1);
  return okResponse(206, "Partial Content", [
    ["Content-Length", `${P.TypedArrayPrototypeGetLength(sliced)}`],
    ["Content-Type", type],
    ["Content-Range", `bytes ${rangeStart}-${rangeEnd}/${fullLength}`],
  ], bodyOps.bodyFromBytes(sliced));
}

/// A response record (or a network error) for request's current URL, or undefined when its
/// scheme needs the network (http: and https:).
function localSchemeFetch(request) {
  const url = request.urlList[request.urlList.length - 1];
  // The URL is serialized (its scheme lowercase): http(s) needs no second parse.
  if (P.StringPrototypeSlice(url, 0, 5) === "http:" || P.StringPrototypeSlice(url, 0, 6) === "https:") return undefined;
  const record = parseURL(url);
  switch (record.scheme) {
    case "about":
      // about:blank is an empty HTML document; other about: URLs fail.
      if (record.path === "blank") {
        return okResponse(200, "OK", [["Content-Type", "text/html;charset=utf-8"]], bodyOps.bodyFromBytes(new P.Uint8Array(0)));
      }
      return responseOps.networkError(`${url} is not about:blank`);
    case "blob":
      return blobFetch(request, url);
    case "data": {
      // 1–2. Process the URL; failure is a network error. 3. 200 OK with its MIME type.
      const result = dataURL.processDataURL(record);
      if (result === null) return responseOps.networkError(`${P.StringPrototypeSlice(url, 0, 64)}… is not a valid data: URL`);
      return okResponse(200, "OK", [["Content-Type", serializeMIMEType(result.mimeType)]], bodyOps.bodyFromBytes(result.body));
    }
    case "file":
      return responseOps.networkError("file: URLs are not supported (read files with wsjs APIs)");
    case "http":
    case "https":
      return undefined;
    default:
      return responseOps.networkError(`the URL scheme '${record.scheme}:' is not supported`);
  }
}

internals.schemeFetch = { localSchemeFetch, parseSingleRangeHeaderValue };
