// SPDX-License-Identifier: MIT
// The URL Standard's URL record (§4.1) and what is defined on it alone: special schemes and
// their default ports, path shortening, Windows drive letters, and the serializers (§4.5). The
// parser (url-parser.js) builds records; the URL interface (url.js) shows them.
const P = internals.require("primordials").primordials;
const isAlpha = (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

const SPECIAL_PORTS = { __proto__: null, ftp: 21, file: null, http: 80, https: 443, ws: 80, wss: 443 };
const isSpecialScheme = (scheme) => scheme in SPECIAL_PORTS;
const defaultPort = (scheme) => (scheme in SPECIAL_PORTS ? SPECIAL_PORTS[scheme] : null);

/// A fresh URL record (§4.1).
function newURLRecord() {
  return { scheme: "", username: "", password: "", host: null, port: null, path: [], query: null, fragment: null };
}
/// A record's path is opaque when it is a string rather than a list of segments.
const hasOpaquePath = (url) => typeof url.path === "string";
const includesCredentials = (url) => url.username !== "" || url.password !== "";
const cannotHaveCredentialsOrPort = (url) => url.host === null || url.host === "" || url.scheme === "file";

// §4.3 Windows drive letters.
function isWindowsDriveLetter(text, normalizedOnly = false) {
  return text.length === 2 && isAlpha(P.StringPrototypeCharCodeAt(text, 0)) && (text[1] === ":" || (!normalizedOnly && text[1] === "|"));
}
function startsWithWindowsDriveLetter(codePoints, pointer) {
  if (codePoints.length - pointer < 2) return false;
  if (!isAlpha(codePoints[pointer]) || (codePoints[pointer + 1] !== 0x3a && codePoints[pointer + 1] !== 0x7c)) return false;
  if (codePoints.length - pointer === 2) return true;
  const third = codePoints[pointer + 2];
  return third === 0x2f || third === 0x5c || third === 0x3f || third === 0x23;
}

// §4.4 shorten a URL's path.
function shortenPath(url) {
  const path = url.path;
  if (url.scheme === "file" && path.length === 1 && isWindowsDriveLetter(path[0], true)) return;
  if (path.length > 0) path.length -= 1;
}

const isSingleDot = (s) => s === "." || P.StringPrototypeToLowerCase(s) === "%2e";
function isDoubleDot(s) {
  s = P.StringPrototypeToLowerCase(s);
  return s === ".." || s === ".%2e" || s === "%2e." || s === "%2e%2e";
}

// §4.5 URL serializer.
function serializeURL(url, excludeFragment = false) {
  let output = url.scheme + ":";
  if (url.host !== null) {
    output += "//";
    if (includesCredentials(url)) {
      output += url.username;
      if (url.password !== "") output += ":" + url.password;
      output += "@";
    }
    output += url.host;
    if (url.port !== null) output += ":" + url.port;
  }
  if (url.host === null && !hasOpaquePath(url) && url.path.length > 1 && url.path[0] === "") output += "/.";
  output += serializePath(url);
  if (url.query !== null) output += "?" + url.query;
  if (!excludeFragment && url.fragment !== null) output += "#" + url.fragment;
  return output;
}

// §4.5 URL path serializer.
function serializePath(url) {
  if (hasOpaquePath(url)) return url.path;
  let output = "";
  for (const segment of url.path) output += "/" + segment;
  return output;
}

internals.urlRecord = {
  isAlpha, isSpecialScheme, defaultPort, newURLRecord, hasOpaquePath, includesCredentials,
  cannotHaveCredentialsOrPort, isWindowsDriveLetter, startsWithWindowsDriveLetter, shortenPath,
  isSingleDot, isDoubleDot, serializeURL, serializePath,
};
