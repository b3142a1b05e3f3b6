// SPDX-License-Identifier: MIT
// HTTP fetch (https://fetch.spec.whatwg.org/#concept-http-fetch), HTTP-redirect fetch,
// HTTP-network-or-cache fetch and HTTP-network fetch for http: and https: URLs. The bytes go
// through the host's HTTP client (HTTPBridge.swift, async-http-client), whose own redirect
// following and decompression are off: these algorithms decide.
//
// No page, so no CORS, no HTTP cache, no cookie jar and no Origin or Referer from a document
// (see fetch.js). Deviation: header values go out UTF-8 encoded and come back UTF-8 decoded
// rather than as bytes (ASCII values, the only ones in practice, are the same either way).
const P = internals.require("primordials").primordials;
const { streams } = internals.require("streams");
const { response: responseOps } = internals.require("fetch/response");
const { headerList } = internals.require("fetch/header-list");
const { body: bodyOps } = internals.require("fetch/body");
const { parseURL, serializeURL, serializeOrigin } = internals.require("url").url;

/// The response body stream's high-water mark: how far the client reads ahead of the script.
const readAhead = 1 << 20;

/// Requests in flight by the host's id: { headSteps(status, statusText, headers),
/// failSteps(message), stream (the body's raw stream, once the head came), paused, upload }.
const inFlight = new P.Map();

// The host's entry points (HostOps+HTTP.swift): each runs as a task of its own.
host.httpSetCallbacks(
  function head(id, status, statusText, fields) {
    const record = P.MapPrototypeGet(inFlight, id);
    if (record === undefined) return;
    const headers = [];
    for (let i = 0; i + 1 < fields.length; i += 2) P.ArrayPrototypePush(headers, [fields[i], fields[i + 1]]);
    record.headSteps(status, statusText, headers);
  },
  function data(id, chunk) {
    const record = P.MapPrototypeGet(inFlight, id);
    if (record === undefined || record.stream === null || !streams.readableStreamIsReadable(record.stream)) return false;
    streams.readableStreamEnqueue(record.stream, chunk);
    // Keep reading while the queue is below the high-water mark.
    record.paused = !(streams.readableStreamDesiredSize(record.stream) > 0);
    return !record.paused;
  },
  function end(id) {
    const record = P.MapPrototypeGet(inFlight, id);
    if (record === undefined) return;
    P.MapPrototypeDelete(inFlight, id);
    if (record.stream === null) {
      record.failSteps("the connection ended before a response");
    } else if (streams.readableStreamIsReadable(record.stream)) {
      try {
        streams.readableStreamClose(record.stream);
      } catch (error) {
        // A BYOB read partly filled cannot be closed: the body ended in the middle of it.
        streams.readableStreamError(record.stream, error);
      }
    }
  },
  function fail(id, message) {
    const record = P.MapPrototypeGet(inFlight, id);
    if (record === undefined) return;
    P.MapPrototypeDelete(inFlight, id);
    record.failSteps(message);
  },
  function written(id) {
    P.MapPrototypeGet(inFlight, id)?.upload?.writeNext();
  },
);

function flattenHeaders(list) {
  let text = "";
  for (let i = 0; i < list.length; i++) text += (i === 0 ? "" : "\n") + list[i][0] + "\n" + list[i][1];
  return text;
}

/// Sends a streamed request body chunk by chunk, each after the previous was written.
function startUpload(id, stream, fail) {
  const reader = streams.getReader(stream);
  const upload = {
    writeNext() {
      streams.readChunk(reader, {
        chunkSteps(chunk) {
          if (!P.ArrayBufferIsView(chunk) || P.TypedArrayPrototypeGetSymbolToStringTag(chunk) !== "Uint8Array") {
            fail(`the request body stream gave a chunk that is not a Uint8Array`);
            streams.cancelReader(reader, undefined);
            return;
          }
          host.httpWrite(id, chunk);
        },
        closeSteps() { host.httpFinishBody(id); },
        errorSteps(error) { fail(`the request body stream errored: ${error?.message ?? error}`); },
      });
    },
  };
  upload.writeNext();
  return upload;
}

// https://fetch.spec.whatwg.org/#concept-http-network-fetch: a promise for the response.
function httpNetworkFetch(fetchParams, httpRequest) {
  const request = httpRequest;
  const url = request.urlList[request.urlList.length - 1];
  const body = request.body;
  // A body whose bytes are at hand goes whole (with a Content-Length); a stream goes chunk by
  // chunk (chunked unless its length is known).
  let bytes = null;
  let streamLength = -1;
  if (body !== null) {
    if (body.stream === null) {
      body.consumed = true;
      bytes = body.bytes;
    } else {
      // wsjs extension (as Node): a stream of unknown length goes with the Content-Length the
      // script gave, if any, rather than chunked.
      const given = headerList.get(request.headers, "content-length");
      streamLength = body.length ?? (given !== null && P.RegExpPrototypeTest(/^\d{1,15}$/, given) ? P.Number(given) : -2);
    }
  }
  return new P.Promise((resolve) => {
    const record = { stream: null, paused: false, upload: null, headSteps: null, failSteps: null };
    const id = host.httpStart(request.method, url, flattenHeaders(request.headers), bytes, streamLength);
    const abortHook = () => host.httpAbort(id);
    P.ArrayPrototypePush(fetchParams.controller.abortHooks, abortHook);
    record.failSteps = (message) => {
      // Before the head: a network error; after it: the body stream errors with a TypeError.
      if (record.stream === null) {
        resolve(responseOps.networkError(message));
      } else if (streams.readableStreamIsReadable(record.stream)) {
        streams.readableStreamError(record.stream, new P.TypeError(`fetch failed while reading the body: ${message}`));
      }
    };
    record.headSteps = (status, statusText, headers) => {
      const response = responseOps.newResponse();
      response.status = status;
      response.statusText = statusText;
      response.headers = headers;
      // The body: a byte stream the host fills; pulling resumes a paused read, cancelling
      // closes the connection.
      record.stream = streams.setUpReadableByteStream({
        pullAlgorithm() {
          if (record.paused) {
            record.paused = false;
            host.httpResume(id);
          }
        },
        cancelAlgorithm() {
          P.MapPrototypeDelete(inFlight, id);
          host.httpAbort(id);
        },
        highWaterMark: readAhead,
      });
      let stream = record.stream;
      // Content-Encoding: decoded as a stream (one coding, as browsers handle).
      const codings = headerList.getDecodeSplit(headers, "content-encoding");
      if (codings !== null && codings.length === 1 && request.method !== "HEAD" && !responseOps.isNullBodyStatus(status)) {
        const coding = P.StringPrototypeToLowerCase(codings[0]);
        const format = coding === "gzip" || coding === "x-gzip" ? "gzip" : coding === "deflate" ? "deflate" : coding === "br" ? "br" : null;
        if (format !== null) {
          const transform = internals.require("compression-streams").compressionStreams.newDecompressionTransform(format);
          stream = streams.pipeThrough(stream, transform);
        }
      }
      response.body = bodyOps.bodyFromStream(stream);
      resolve(response);
    };
    P.MapPrototypeSet(inFlight, id, record);
    if (streamLength !== -1) {
      record.upload = startUpload(id, body.stream, (message) => {
        host.httpAbort(id);
        P.MapPrototypeDelete(inFlight, id);
        record.failSteps(message);
      });
    }
  });
}

/// The defaults Deno sends: Accept, Accept-Language, User-Agent and Accept-Encoding.
const userAgent = `wsjs/${host.version}`;
const acceptEncoding = "gzip, deflate, br";

// https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch (the parts without cache,
// cookies, CORS or authentication entries).
function httpNetworkOrCacheFetch(fetchParams) {
  const request = fetchParams.request;
  const headers = request.headers;
  // 8.4–8.7 Content-Length is the client's: it frames every request from the body it sends (the
  // body's length, 0 for a bodiless POST or PUT, chunked for a stream of unknown length).
  // 8.9 Referer, when the request has a referrer URL.
  if (request.referrer !== "client" && request.referrer !== "no-referrer" && !headerList.contains(headers, "referer")) {
    headerList.append(headers, "Referer", request.referrer);
  }
  // 8.11 User-Agent; Accept and Accept-Language as Deno sends them (the standard's Accept comes
  // from the destination: "*/*" for ours).
  if (!headerList.contains(headers, "user-agent")) headerList.append(headers, "User-Agent", userAgent);
  if (!headerList.contains(headers, "accept")) headerList.append(headers, "Accept", "*/*");
  if (!headerList.contains(headers, "accept-language")) headerList.append(headers, "Accept-Language", "*");
  // 8.12–8.14 The cache modes that ask caches on the way to revalidate or not to store.
  if (request.cache === "no-cache" && !headerList.contains(headers, "cache-control")) headerList.append(headers, "Cache-Control", "max-age=0");
  if (request.cache === "no-store" || request.cache === "reload") {
    if (!headerList.contains(headers, "pragma")) headerList.append(headers, "Pragma", "no-cache");
    if (!headerList.contains(headers, "cache-control")) headerList.append(headers, "Cache-Control", "no-cache");
  }
  // 8.16 Accept-Encoding: the codings decoded here.
  if (!headerList.contains(headers, "accept-encoding")) headerList.append(headers, "Accept-Encoding", acceptEncoding);
  return httpNetworkFetch(fetchParams, request);
}

const isRedirectStatus = responseOps.isRedirectStatus;

// https://fetch.spec.whatwg.org/#concept-http-fetch
function httpFetch(fetchParams) {
  const request = fetchParams.request;
  return P.PromisePrototypeThen(httpNetworkOrCacheFetch(fetchParams), (actualResponse) => {
    if (actualResponse.type === "error" || !isRedirectStatus(actualResponse.status)) return actualResponse;
    // 7.1 A 303 aside, a redirect cannot replay a streamed body.
    if (actualResponse.status !== 303 && request.body !== null && request.body.source === null) {
      return responseOps.networkError(`the server redirected (${actualResponse.status}) a request whose body was a stream, which cannot be sent again`);
    }
    // 7.2 The redirect mode decides.
    switch (request.redirect) {
      case "error":
        cancelBody(actualResponse);
        return responseOps.networkError(`the server redirected (${actualResponse.status}) and the request's redirect mode is "error"`);
      case "manual":
        // As Deno and Node: the 3xx itself, Location readable (there is no page to hide it from).
        return actualResponse;
      default:
        return httpRedirectFetch(fetchParams, actualResponse);
    }
  });
}

function cancelBody(response) {
  if (response.body !== null && response.body.stream !== null) {
    P.PromisePrototypeThen(streams.readableStreamCancel(response.body.stream, undefined), undefined, () => {});
  }
}

// https://fetch.spec.whatwg.org/#concept-http-redirect-fetch
function httpRedirectFetch(fetchParams, response) {
  const request = fetchParams.request;
  // 3. The location URL: Location parsed against the response's URL, the fragment kept.
  const currentURL = request.urlList[request.urlList.length - 1];
  const location = headerList.get(response.headers, "location");
  // 4. No Location: the response itself.
  if (location === null) return response;
  cancelBody(response);
  const locationURL = parseURL(location, currentURL);
  // 5–6. A failure or a scheme other than HTTP(S) is a network error.
  if (locationURL === null) return responseOps.networkError(`the redirect's Location ${P.JSONStringify(location)} is not a valid URL`);
  if (locationURL.fragment === null) {
    const current = parseURL(currentURL);
    if (current.fragment !== null) locationURL.fragment = current.fragment;
  }
  if (locationURL.scheme !== "http" && locationURL.scheme !== "https") {
    return responseOps.networkError(`the server redirected to a ${locationURL.scheme}: URL (only http: and https: are followed)`);
  }
  // 7–8. At most 20 redirects.
  request.redirectCount = (request.redirectCount ?? 0) + 1;
  if (request.redirectCount > 20) return responseOps.networkError("too many redirects (more than 20)");
  // 11. A streamed body cannot be sent again (except for 303, which drops it).
  if (response.status !== 303 && request.body !== null && request.body.source === null) {
    return responseOps.networkError("the server redirected a request whose body was a stream, which cannot be sent again");
  }
  // 12. 301/302 with POST, and 303 with anything but GET/HEAD, become GET without a body.
  if (((response.status === 301 || response.status === 302) && request.method === "POST") ||
    (response.status === 303 && request.method !== "GET" && request.method !== "HEAD")) {
    request.method = "GET";
    request.body = null;
    for (const name of ["content-encoding", "content-language", "content-location", "content-type", "content-length"]) headerList.remove(request.headers, name);
  }
  // 13. To another origin: drop credentials (Authorization as the standard says; Cookie and
  // Proxy-Authorization too, as Deno and undici do, since there is no cookie jar to scope them).
  const locationString = serializeURL(locationURL);
  if (serializeOrigin(parseURL(currentURL)) !== serializeOrigin(locationURL)) {
    for (const name of ["authorization", "cookie", "proxy-authorization"]) headerList.remove(request.headers, name);
  }
  // 14. A body is sent again from its source (its bytes, which nobody modifies, when at hand:
  // extracting a FormData again would change the boundary the headers name).
  if (request.body !== null) {
    const { bytes, source } = request.body;
    request.body = bytes !== null ? bodyOps.bodyFromBytes(bytes, source) : bodyOps.extractBody(source).body;
  }
  // 17. The location joins the URL list. 19. Main fetch again.
  P.ArrayPrototypePush(request.urlList, locationString);
  return internals.require("fetch/fetch").fetchOps.mainFetch(fetchParams);
}

internals.httpFetch = { httpFetch };
