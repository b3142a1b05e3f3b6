// SPDX-License-Identifier: MIT
// The data: URL processor (https://fetch.spec.whatwg.org/#data-url-processor).
const P = internals.require("primordials").primordials;
const { parseMIMEType, trimHTTPWhitespace } = internals.require("fetch/mime-type").mimeType;
const { percentDecodeToBytes } = internals.require("url-host").urlHost;
const { serializeURL } = internals.require("url").url;

const isASCIIWhitespace = (c) => c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;

function stripASCIIWhitespace(s) {
  let start = 0;
  let end = s.length;
  while (start < end && isASCIIWhitespace(P.StringPrototypeCharCodeAt(s, start))) start++;
  while (end > start && isASCIIWhitespace(P.StringPrototypeCharCodeAt(s, end - 1))) end--;
  return P.StringPrototypeSlice(s, start, end);
}

/// { mimeType, body (Uint8Array) } for a data: URL record, or null on failure.
function processDataURL(dataURL) {
  // 1–3. The serialization without fragment, minus the leading "data:".
  const input = P.StringPrototypeSlice(serializeURL(dataURL, true), 5);
  // 4–6. The MIME type: up to the first ",", ASCII whitespace stripped; no "," is a failure.
  const comma = P.StringPrototypeIndexOf(input, ",");
  if (comma === -1) return null;
  let mimeType = stripASCIIWhitespace(P.StringPrototypeSlice(input, 0, comma));
  // 7–9. The rest, percent-decoded.
  let body = percentDecodeToBytes(P.StringPrototypeSlice(input, comma + 1));
  // 10. ";base64" at the end (any case, spaces before it allowed): forgiving-base64 decode.
  const base64Match = /;[\u0020]*base64$/i.exec(mimeType);
  if (base64Match !== null) {
    let stringBody = "";
    for (let i = 0; i < body.length; i++) stringBody += P.StringFromCharCode(body[i]);
    let decoded;
    try {
      decoded = internals.require("base64").atob(stringBody);
    } catch {
      return null;
    }
    body = new P.Uint8Array(decoded.length);
    for (let i = 0; i < decoded.length; i++) body[i] = P.StringPrototypeCharCodeAt(decoded, i);
    mimeType = P.StringPrototypeSlice(mimeType, 0, mimeType.length - base64Match[0].length);
  }
  // 11. A MIME type starting with ";" is text/plain with those parameters.
  if (mimeType[0] === ";") mimeType = "text/plain" + mimeType;
  // 12–13. Parse; failure is text/plain;charset=US-ASCII.
  let mimeTypeRecord = parseMIMEType(mimeType);
  if (mimeTypeRecord === null) mimeTypeRecord = parseMIMEType("text/plain;charset=US-ASCII");
  // 14. Return the MIME type and the body.
  return { mimeType: mimeTypeRecord, body };
}

internals.dataURL = { processDataURL, trimHTTPWhitespace };
