// SPDX-License-Identifier: MIT
// multipart/form-data (RFC 7578): the HTML Standard's encoding algorithm for FormData bodies
// (https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#multipart-form-data)
// and the parser that Body's formData() uses.
const P = internals.require("primordials").primordials;
const { File } = internals.require("blob");

const CRLF = "\r\n";

// The name and filename escapes of the encoding algorithm: LF, CR and " become %0A, %0D, %22.
const escapeField = (text) => P.StringPrototypeReplace(text, /[\n\r"]/g, (c) => (c === "\n" ? "%0A" : c === "\r" ? "%0D" : "%22"));
// "Convert to a list of name-value pairs": lone CR and lone LF become CRLF in names and strings.
const normalizeNewlines = (text) => P.StringPrototypeReplace(text, /\r\n|\r|\n/g, CRLF);

/// A boundary of 22 random alphanumerics after a fixed prefix (any string not in the content
/// works; random makes a collision with the content negligible).
function generateBoundary() {
  return `----formdata-wsjs-${P.StringPrototypeReplaceAll(host.randomUUID(), "-", "")}`;
}

/// The body of a FormData's entries: { parts: array of Uint8Arrays and Blobs, length, boundary }.
function serializeMultipart(entries, boundary = generateBoundary()) {
  const parts = [];
  let length = 0;
  const push = (part) => {
    const bytes = typeof part === "string" ? host.encodeUTF8(part) : part;
    P.ArrayPrototypePush(parts, bytes);
    length += typeof part === "string" || P.ArrayBufferIsView(part) ? P.TypedArrayPrototypeGetLength(bytes) : part.size;
  };
  for (const [name, value] of entries) {
    let head = `--${boundary}${CRLF}Content-Disposition: form-data; name="${escapeField(normalizeNewlines(name))}"`;
    if (typeof value === "string") {
      push(`${head}${CRLF}${CRLF}${normalizeNewlines(value)}${CRLF}`);
    } else {
      const type = internals.blobType(value) || "application/octet-stream";
      head += `; filename="${escapeField(value.name)}"${CRLF}Content-Type: ${type}${CRLF}${CRLF}`;
      push(head);
      push(internals.blobBytes(value));
      push(CRLF);
    }
  }
  push(`--${boundary}--${CRLF}`);
  return { parts, length, boundary };
}

/// The index of `needle` (bytes) in `haystack` at or after `from`, or -1.
function indexOfBytes(haystack, needle, from) {
  const first = needle[0];
  const last = P.TypedArrayPrototypeGetLength(haystack) - P.TypedArrayPrototypeGetLength(needle);
  outer: for (let i = from; i <= last; i++) {
    if (haystack[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const latin1 = (bytes) => {
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += P.StringFromCharCode(bytes[i]);
  return text;
};

/// Parses a Content-Disposition parameter's quoted value (with the %22/%0A/%0D escapes undone)
/// as UTF-8.
function decodeFieldValue(raw) {
  const bytes = new P.Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = P.StringPrototypeCharCodeAt(raw, i);
  const text = host.decodeUTF8(bytes, false);
  return P.StringPrototypeReplace(text, /%(22|0A|0D)/gi, (match, code) => P.StringFromCharCode(parseInt(code, 16)));
}

/// The entry list of a multipart/form-data body, or throws a TypeError naming what is wrong.
function parseMultipart(bytes, boundary) {
  const fail = (what) => { throw new P.TypeError(`Failed to parse the body as multipart/form-data: ${what}.`); };
  const delimiter = host.encodeUTF8(`--${boundary}`);
  const headerEnd = host.encodeUTF8(CRLF + CRLF);
  const nextDelimiter = host.encodeUTF8(`${CRLF}--${boundary}`);
  const entries = [];
  // The body starts with the first delimiter (a preamble before it is skipped).
  let position = indexOfBytes(bytes, delimiter, 0);
  if (position === -1) fail("the boundary does not occur");
  position += delimiter.length;
  for (let parts = 0; ; parts++) {
    // After a delimiter: "--" closes the body; otherwise CRLF and a part's headers.
    if (bytes[position] === 0x2d && bytes[position + 1] === 0x2d) return entries;
    if (bytes[position] !== 0x0d || bytes[position + 1] !== 0x0a) fail("a boundary is not followed by CRLF");
    position += 2;
    const headersEnd = indexOfBytes(bytes, headerEnd, position);
    if (headersEnd === -1) fail("a part's headers do not end");
    const headers = P.StringPrototypeSplit(latin1(P.TypedArrayPrototypeSubarray(bytes, position, headersEnd)), CRLF);
    position = headersEnd + 4;
    let name = null, filename = null, contentType = "text/plain";
    for (const line of headers) {
      const colon = P.StringPrototypeIndexOf(line, ":");
      if (colon === -1) fail(`a header line has no colon: ${P.JSONStringify(line)}`);
      const headerName = P.StringPrototypeToLowerCase(P.StringPrototypeTrim(P.StringPrototypeSlice(line, 0, colon)));
      const value = P.StringPrototypeTrim(P.StringPrototypeSlice(line, colon + 1));
      if (headerName === "content-disposition") {
        if (!P.RegExpPrototypeTest(/^form-data\s*(;|$)/i, value)) fail("a part's Content-Disposition is not form-data");
        const nameMatch = /;\s*name="([^"]*)"/i.exec(value);
        const filenameMatch = /;\s*filename="([^"]*)"/i.exec(value);
        if (nameMatch !== null) name = decodeFieldValue(nameMatch[1]);
        if (filenameMatch !== null) filename = decodeFieldValue(filenameMatch[1]);
      } else if (headerName === "content-type") {
        contentType = value;
      }
    }
    if (name === null) fail("a part has no name in its Content-Disposition");
    const end = indexOfBytes(bytes, nextDelimiter, position);
    if (end === -1) fail("the body ends before the closing boundary");
    const content = P.TypedArrayPrototypeSlice(bytes, position, end);
    if (filename !== null) {
      P.ArrayPrototypePush(entries, [name, new File([content], filename, { type: contentType })]);
    } else {
      P.ArrayPrototypePush(entries, [name, host.decodeUTF8(content, false)]);
    }
    position = end + nextDelimiter.length;
  }
}

internals.multipart = { serializeMultipart, parseMultipart, generateBoundary };
