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
const { response: responseOps } = internals.require("fetch/response");
const { headerList } = internals.require("fetch/header-list");
const { body: bodyOps } = internals.require("fetch/body");
const { parseURL, serializeURL, serializeOrigin } = internals.require("url").url;

/// How far the client reads ahead of the script: the body stream's high-water mark, and what a
/// feed queues before reading pauses.
const readAhead = 1 << 20;

const streamOps = () => internals.streams ?? internals.require("streams").streams;

/// The most of an unwanted body (a redirect's) read and dropped to keep its connection.
const discardLimit = 65536;

/// Requests in flight by the host's id: { headSteps(status, statusText, headers),
/// failSteps(message), feed (the body's, once the head came), upload }.
const inFlight = new P.Map();

/// A response body as it arrives (body.js's `feed`): chunks queue here until a script asks for a
/// ReadableStream (then they move into one, and later ones go there) or reads everything at
/// once (then nothing limits the queue: all of it is wanted). Most bodies are read with text(),
/// json() or arrayBuffer() and never need a stream.
function newFeed(id) {
  const feed = {
    chunks: [],
    size: 0,
    ended: false,
    error: null,
    stream: null,
    /// Reading is paused until the queue drains or everything is wanted.
    paused: false,
    /// The pending readAll(): { resolve, reject } or null.
    waiter: null,
    /// Bytes from the host; the answer says whether reading goes on.
    push(chunk) {
      if (feed.discarding) {
        feed.size += P.TypedArrayPrototypeGetLength(chunk);
        if (feed.size <= discardLimit) return true;
        P.MapPrototypeDelete(inFlight, id);
        host.httpAbort(id);
        return false;
      }
      if (feed.stream !== null) {
        const ops = internals.streams;
        if (!ops.readableStreamIsReadable(feed.stream)) return false;
        ops.readableStreamEnqueue(feed.stream, chunk);
        feed.paused = !(ops.readableStreamDesiredSize(feed.stream) > 0);
        return !feed.paused;
      }
      P.ArrayPrototypePush(feed.chunks, chunk);
      feed.size += P.TypedArrayPrototypeGetLength(chunk);
      feed.paused = feed.waiter === null && feed.size >= readAhead;
      return !feed.paused;
    },
    end() {
      if (feed.stream !== null) {
        const ops = internals.streams;
        if (!ops.readableStreamIsReadable(feed.stream)) return;
        try {
          ops.readableStreamClose(feed.stream);
        } catch (error) {
          // A BYOB read partly filled cannot be closed: the body ended in the middle of it.
          ops.readableStreamError(feed.stream, error);
        }
        return;
      }
      feed.ended = true;
      if (feed.waiter !== null) feed.waiter.resolve(bodyOps.concatenate(feed.chunks, feed.size));
    },
    fail(error) {
      if (feed.stream !== null) {
        if (internals.streams.readableStreamIsReadable(feed.stream)) internals.streams.readableStreamError(feed.stream, error);
        return;
      }
      if (feed.ended || feed.error !== null) return;
      feed.error = error;
      if (feed.waiter !== null) feed.waiter.reject(error);
    },
    discarding: false,
    /// Nobody will read this body: drop what came and what comes.
    discard() {
      if (feed.ended || feed.error !== null || feed.stream !== null) return;
      feed.discarding = true;
      feed.chunks = [];
      feed.size = 0;
      feed.resume();
    },
    resume() {
      if (!feed.paused) return;
      feed.paused = false;
      host.httpResume(id);
    },
    /// All the bytes, once the body has ended.
    readAll() {
      if (feed.error !== null) return P.PromiseReject(feed.error);
      if (feed.ended) return P.PromiseResolve(bodyOps.concatenate(feed.chunks, feed.size));
      return new P.Promise((resolve, reject) => {
        feed.waiter = { resolve, reject };
        feed.resume();
      });
    },
    /// The body's ReadableStream: a byte stream holding what has arrived; pulling resumes a
    /// paused read, cancelling closes the connection.
    materialize() {
      const ops = streamOps();
      const stream = ops.setUpReadableByteStream({
        pullAlgorithm() { feed.resume(); },
        cancelAlgorithm() {
          P.MapPrototypeDelete(inFlight, id);
          host.httpAbort(id);
        },
        highWaterMark: readAhead,
      });
      for (const chunk of feed.chunks) ops.readableStreamEnqueue(stream, chunk);
      feed.chunks = [];
      feed.stream = stream;
      if (feed.error !== null) ops.readableStreamError(stream, feed.error);
      else if (feed.ended) ops.readableStreamClose(stream);
      return stream;
    },
  };
  return feed;
}

// The host's entry points (HostOps+HTTP.swift): each runs as a task of its own.
host.httpSetCallbacks(
  // text: the status text, then each header's name and value, one per line.
  function head(id, status, text) {
    const record = P.MapPrototypeGet(inFlight, id);
    if (record === undefined) return;
    const lines = P.StringPrototypeSplit(text, "\n");
    const headers = [];
    for (let i = 1; i + 1 < lines.length; i += 2) P.ArrayPrototypePush(headers, [lines[i], lines[i + 1]]);
    record.headSteps(status, lines[0], headers);
  },
  function data(id, chunk) {
    const record = P.MapPrototypeGet(inFlight, id);
    if (record === undefined || record.feed === null) return false;
    return record.feed.push(chunk);
  },
  function end(id) {
    const record = P.MapPrototypeGet(inFlight, id);
    if (record === undefined) return;
    P.MapPrototypeDelete(inFlight, id);
    if (record.feed === null) record.failSteps("the connection ended before a response");
    else record.feed.end();
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
  const streams = internals.streams;
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
    const record = { feed: null, upload: null, headSteps: null, failSteps: null };
    const id = host.httpStart(request.method, url, flattenHeaders(request.headers), bytes, streamLength);
    const abortHook = () => host.httpAbort(id);
    P.ArrayPrototypePush(fetchParams.controller.abortHooks, abortHook);
    record.failSteps = (message) => {
      // Before the head: a network error; after it: the body fails with a TypeError.
      if (record.feed === null) resolve(responseOps.networkError(message));
      else record.feed.fail(new P.TypeError(`fetch failed while reading the body: ${message}`));
    };
    record.headSteps = (status, statusText, headers) => {
      const response = responseOps.newResponse();
      response.status = status;
      response.statusText = statusText;
      response.headers = headers;
      record.feed = newFeed(id);
      response.body = bodyOps.bodyFromFeed(record.feed);
      // Content-Encoding: decoded as a stream (one coding, as browsers handle).
      const codings = headerList.getDecodeSplit(headers, "content-encoding");
      if (codings !== null && codings.length === 1 && request.method !== "HEAD" && !responseOps.isNullBodyStatus(status)) {
        const coding = P.StringPrototypeToLowerCase(codings[0]);
        const format = coding === "gzip" || coding === "x-gzip" ? "gzip" : coding === "deflate" ? "deflate" : coding === "br" ? "br" : null;
        if (format !== null) {
          const transform = internals.require("compression-streams").compressionStreams.newDecompressionTransform(format);
          response.body = bodyOps.bodyFromStream(streamOps().pipeThrough(record.feed.materialize(), transform));
        }
      }
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

/// A redirect's or refused response's body is not wanted: a stream is cancelled; a feed is
/// read to its end and dropped while short (so the connection can serve the next request), its
/// connection closed otherwise.
function cancelBody(response) {
  const body = response.body;
  if (body === null) return;
  if (body.stream !== null) {
    P.PromisePrototypeThen(internals.streams.readableStreamCancel(body.stream, undefined), undefined, () => {});
  } else if (body.feed !== undefined) {
    body.feed.discard();
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
