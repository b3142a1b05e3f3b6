// SPDX-License-Identifier: MIT
// The URL Standard's basic URL parser (§4.4), state by state, with the state overrides the URL
// setters use, and a URL's origin (§4.1). The record and its serializer are in url-record.js.
const P = internals.require("primordials").primordials;
const {
  inC0ControlSet, inFragmentSet, inQuerySet, inSpecialQuerySet, inPathSet, inUserinfoSet,
  percentEncodeCodePoint, percentEncodeString, parseHost, serializeHost,
} = internals.require("url-host").urlHost;

const {
  isAlpha, isSpecialScheme, defaultPort, newURLRecord, hasOpaquePath, includesCredentials,
  isWindowsDriveLetter, startsWithWindowsDriveLetter, shortenPath, isSingleDot, isDoubleDot, serializePath,
} = internals.require("url-record").urlRecord;

const EOF = -1;
const S = {
  schemeStart: 1, scheme: 2, noScheme: 3, specialRelativeOrAuthority: 4, pathOrAuthority: 5, relative: 6,
  relativeSlash: 7, specialAuthoritySlashes: 8, specialAuthorityIgnoreSlashes: 9, authority: 10, host: 11,
  hostname: 12, port: 13, file: 14, fileSlash: 15, fileHost: 16, pathStart: 17, path: 18, opaquePath: 19,
  query: 20, fragment: 21,
};
const FAILURE = null;

const isDigit = (c) => c >= 0x30 && c <= 0x39;
const lower = (c) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);

/// Code points of `input` after the preprocessing of steps 1–3: leading and trailing C0 controls
/// and spaces removed (only for a fresh parse), tabs and newlines removed everywhere.
function toCodePoints(input, trim) {
  const points = [];
  for (const ch of input) {
    const c = P.StringPrototypeCodePointAt(ch, 0);
    if (c === 0x9 || c === 0xa || c === 0xd) continue;
    P.ArrayPrototypePush(points, c);
  }
  if (trim) {
    let start = 0, end = points.length;
    while (start < end && points[start] <= 0x20) start++;
    while (end > start && points[end - 1] <= 0x20) end--;
    return start === 0 && end === points.length ? points : P.ArrayPrototypeSlice(points, start, end);
  }
  return points;
}

/// The basic URL parser. Without `url`, returns a new record or null (failure). With `url` and
/// `stateOverride`, modifies `url` in place and returns it, or null when the input is rejected.
function basicURLParse(input, base = null, url = null, stateOverride = 0) {
  const fresh = url === null;
  if (fresh) url = newURLRecord();
  const codePoints = toCodePoints(input, fresh);
  let state = stateOverride || S.schemeStart;
  let buffer = "";
  let atSignSeen = false, insideBrackets = false, passwordTokenSeen = false;
  const length = codePoints.length;
  const remainingStartsWith = (pointer, c) => pointer + 1 < length && codePoints[pointer + 1] === c;

  for (let pointer = 0; pointer <= length; pointer++) {
    const c = pointer < length ? codePoints[pointer] : EOF;
    switch (state) {
      case S.schemeStart:
        if (isAlpha(c)) {
          buffer += P.StringFromCharCode(lower(c));
          state = S.scheme;
        } else if (!stateOverride) {
          state = S.noScheme;
          pointer--;
        } else {
          return FAILURE;
        }
        break;

      case S.scheme:
        if (isAlpha(c) || isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) {
          buffer += P.StringFromCharCode(lower(c));
        } else if (c === 0x3a) {
          if (stateOverride) {
            // The protocol setter may not switch between special and non-special schemes, nor
            // make a URL with credentials, a port or an empty host a file URL.
            if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return url;
            if ((includesCredentials(url) || url.port !== null) && buffer === "file") return url;
            if (url.scheme === "file" && url.host === "") return url;
          }
          url.scheme = buffer;
          if (stateOverride) {
            if (url.port === defaultPort(url.scheme)) url.port = null;
            return url;
          }
          buffer = "";
          if (url.scheme === "file") {
            state = S.file;
          } else if (isSpecialScheme(url.scheme) && base !== null && base.scheme === url.scheme) {
            state = S.specialRelativeOrAuthority;
          } else if (isSpecialScheme(url.scheme)) {
            state = S.specialAuthoritySlashes;
          } else if (remainingStartsWith(pointer, 0x2f)) {
            state = S.pathOrAuthority;
            pointer++;
          } else {
            url.path = "";
            state = S.opaquePath;
          }
        } else if (!stateOverride) {
          buffer = "";
          state = S.noScheme;
          pointer = -1;
        } else {
          return FAILURE;
        }
        break;

      case S.noScheme:
        if (base === null || (hasOpaquePath(base) && c !== 0x23)) return FAILURE;
        if (hasOpaquePath(base) && c === 0x23) {
          url.scheme = base.scheme;
          url.path = base.path;
          url.query = base.query;
          url.fragment = "";
          state = S.fragment;
        } else {
          state = base.scheme !== "file" ? S.relative : S.file;
          pointer--;
        }
        break;

      case S.specialRelativeOrAuthority:
        if (c === 0x2f && remainingStartsWith(pointer, 0x2f)) {
          state = S.specialAuthorityIgnoreSlashes;
          pointer++;
        } else {
          state = S.relative;
          pointer--;
        }
        break;

      case S.pathOrAuthority:
        if (c === 0x2f) {
          state = S.authority;
        } else {
          state = S.path;
          pointer--;
        }
        break;

      case S.relative:
        url.scheme = base.scheme;
        if (c === 0x2f || (isSpecialScheme(url.scheme) && c === 0x5c)) {
          state = S.relativeSlash;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          url.path = P.ArrayPrototypeSlice(base.path);
          url.query = base.query;
          if (c === 0x3f) {
            url.query = "";
            state = S.query;
          } else if (c === 0x23) {
            url.fragment = "";
            state = S.fragment;
          } else if (c !== EOF) {
            url.query = null;
            shortenPath(url);
            state = S.path;
            pointer--;
          }
        }
        break;

      case S.relativeSlash:
        if (isSpecialScheme(url.scheme) && (c === 0x2f || c === 0x5c)) {
          state = S.specialAuthorityIgnoreSlashes;
        } else if (c === 0x2f) {
          state = S.authority;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          state = S.path;
          pointer--;
        }
        break;

      case S.specialAuthoritySlashes:
        state = S.specialAuthorityIgnoreSlashes;
        if (c === 0x2f && remainingStartsWith(pointer, 0x2f)) pointer++;
        else pointer--;
        break;

      case S.specialAuthorityIgnoreSlashes:
        if (c !== 0x2f && c !== 0x5c) {
          state = S.authority;
          pointer--;
        }
        break;

      case S.authority:
        if (c === 0x40) {
          if (atSignSeen) buffer = "%40" + buffer;
          atSignSeen = true;
          for (const ch of buffer) {
            const point = P.StringPrototypeCodePointAt(ch, 0);
            if (point === 0x3a && !passwordTokenSeen) {
              passwordTokenSeen = true;
              continue;
            }
            const encoded = percentEncodeCodePoint(point, inUserinfoSet);
            if (passwordTokenSeen) url.password += encoded;
            else url.username += encoded;
          }
          buffer = "";
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c)) {
          if (atSignSeen && buffer === "") return FAILURE;
          // Go back over the buffer and parse it as the host.
          let bufferLength = 0;
          for (const _ of buffer) bufferLength++;
          pointer -= bufferLength + 1;
          buffer = "";
          state = S.host;
        } else {
          buffer += P.StringFromCodePoint(c);
        }
        break;

      case S.host:
      case S.hostname:
        if (stateOverride && url.scheme === "file") {
          pointer--;
          state = S.fileHost;
        } else if (c === 0x3a && !insideBrackets) {
          if (buffer === "") return FAILURE;
          if (stateOverride === S.hostname) return FAILURE;
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === null) return FAILURE;
          url.host = serializeHost(host);
          buffer = "";
          state = S.port;
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c)) {
          pointer--;
          if (isSpecialScheme(url.scheme) && buffer === "") return FAILURE;
          if (stateOverride && buffer === "" && (includesCredentials(url) || url.port !== null)) return FAILURE;
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === null) return FAILURE;
          url.host = serializeHost(host);
          buffer = "";
          state = S.pathStart;
          if (stateOverride) return url;
        } else {
          if (c === 0x5b) insideBrackets = true;
          if (c === 0x5d) insideBrackets = false;
          buffer += P.StringFromCodePoint(c);
        }
        break;

      case S.port:
        if (isDigit(c)) {
          buffer += P.StringFromCharCode(c);
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c) || stateOverride) {
          if (buffer !== "") {
            const port = P.Number.parseInt(buffer, 10);
            if (port > 65535) return FAILURE;
            url.port = port === defaultPort(url.scheme) ? null : port;
            buffer = "";
            if (stateOverride) return url;
          }
          if (stateOverride) return FAILURE;
          state = S.pathStart;
          pointer--;
        } else {
          return FAILURE;
        }
        break;

      case S.file:
        url.scheme = "file";
        url.host = "";
        if (c === 0x2f || c === 0x5c) {
          state = S.fileSlash;
        } else if (base !== null && base.scheme === "file") {
          url.host = base.host;
          url.path = P.ArrayPrototypeSlice(base.path);
          url.query = base.query;
          if (c === 0x3f) {
            url.query = "";
            state = S.query;
          } else if (c === 0x23) {
            url.fragment = "";
            state = S.fragment;
          } else if (c !== EOF) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(codePoints, pointer)) shortenPath(url);
            else url.path = [];
            state = S.path;
            pointer--;
          }
        } else {
          state = S.path;
          pointer--;
        }
        break;

      case S.fileSlash:
        if (c === 0x2f || c === 0x5c) {
          state = S.fileHost;
        } else {
          if (base !== null && base.scheme === "file") {
            url.host = base.host;
            if (!startsWithWindowsDriveLetter(codePoints, pointer) && base.path.length > 0 && isWindowsDriveLetter(base.path[0], true)) {
              P.ArrayPrototypePush(url.path, base.path[0]);
            }
          }
          state = S.path;
          pointer--;
        }
        break;

      case S.fileHost:
        if (c === EOF || c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23) {
          pointer--;
          if (!stateOverride && isWindowsDriveLetter(buffer)) {
            // The buffer is kept: the path state appends it as the first segment.
            state = S.path;
          } else if (buffer === "") {
            url.host = "";
            if (stateOverride) return url;
            state = S.pathStart;
          } else {
            const host = parseHost(buffer, false);
            if (host === null) return FAILURE;
            let serialized = serializeHost(host);
            if (serialized === "localhost") serialized = "";
            url.host = serialized;
            if (stateOverride) return url;
            buffer = "";
            state = S.pathStart;
          }
        } else {
          buffer += P.StringFromCodePoint(c);
        }
        break;

      case S.pathStart:
        if (isSpecialScheme(url.scheme)) {
          state = S.path;
          if (c !== 0x2f && c !== 0x5c) pointer--;
        } else if (!stateOverride && c === 0x3f) {
          url.query = "";
          state = S.query;
        } else if (!stateOverride && c === 0x23) {
          url.fragment = "";
          state = S.fragment;
        } else if (c !== EOF) {
          state = S.path;
          if (c !== 0x2f) pointer--;
        } else if (stateOverride && url.host === null) {
          P.ArrayPrototypePush(url.path, "");
        }
        break;

      case S.path: {
        const slashLike = c === 0x2f || (isSpecialScheme(url.scheme) && c === 0x5c);
        if (c === EOF || slashLike || (!stateOverride && (c === 0x3f || c === 0x23))) {
          if (isDoubleDot(buffer)) {
            shortenPath(url);
            if (!slashLike) P.ArrayPrototypePush(url.path, "");
          } else if (isSingleDot(buffer) && !slashLike) {
            P.ArrayPrototypePush(url.path, "");
          } else if (!isSingleDot(buffer)) {
            if (url.scheme === "file" && url.path.length === 0 && isWindowsDriveLetter(buffer)) buffer = buffer[0] + ":";
            P.ArrayPrototypePush(url.path, buffer);
          }
          buffer = "";
          if (c === 0x3f) {
            url.query = "";
            state = S.query;
          } else if (c === 0x23) {
            url.fragment = "";
            state = S.fragment;
          }
        } else {
          buffer += percentEncodeCodePoint(c, inPathSet);
        }
        break;
      }

      case S.opaquePath:
        if (c === 0x3f) {
          url.query = "";
          state = S.query;
        } else if (c === 0x23) {
          url.fragment = "";
          state = S.fragment;
        } else if (c === 0x20) {
          // A space before "?" or "#" is encoded, so that serializing and reparsing keep it.
          const next = pointer + 1 < length ? codePoints[pointer + 1] : EOF;
          url.path += next === 0x3f || next === 0x23 ? "%20" : " ";
        } else if (c !== EOF) {
          url.path += percentEncodeCodePoint(c, inC0ControlSet);
        }
        break;

      case S.query:
        if ((!stateOverride && c === 0x23) || c === EOF) {
          url.query += percentEncodeString(buffer, isSpecialScheme(url.scheme) ? inSpecialQuerySet : inQuerySet);
          buffer = "";
          if (c === 0x23) {
            url.fragment = "";
            state = S.fragment;
          }
        } else {
          buffer += P.StringFromCodePoint(c);
        }
        break;

      case S.fragment:
        if (c !== EOF) url.fragment += percentEncodeCodePoint(c, inFragmentSet);
        break;
    }
  }
  return url;
}

// §4.1 / HTML §7.1.1: the ASCII serialization of a URL's origin.
function serializeOrigin(url) {
  switch (url.scheme) {
    case "blob": {
      const inner = basicURLParse(serializePath(url));
      return inner !== null && (inner.scheme === "http" || inner.scheme === "https") ? serializeOrigin(inner) : "null";
    }
    case "ftp": case "http": case "https": case "ws": case "wss":
      return `${url.scheme}://${url.host}${url.port === null ? "" : ":" + url.port}`;
    default:
      return "null";
  }
}

internals.urlParser = { S, basicURLParse, serializeOrigin };
