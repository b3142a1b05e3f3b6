// SPDX-License-Identifier: MIT
// MIME types (https://mimesniff.spec.whatwg.org/#mime-type-representation): parsing and
// serializing, for fetch's "extract a MIME type", data: URLs, blob() and formData().
const P = internals.require("primordials").primordials;

const isHTTPWhitespace = (c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
// https://mimesniff.spec.whatwg.org/#http-token-code-point
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// https://mimesniff.spec.whatwg.org/#http-quoted-string-token-code-point
const quotedStringTokenPattern = /^[\t\u0020-\u007E\u0080-\u00FF]*$/;

const isToken = (s) => s.length > 0 && P.RegExpPrototypeTest(tokenPattern, s);

function trimHTTPWhitespace(s) {
  let start = 0;
  let end = s.length;
  while (start < end && isHTTPWhitespace(P.StringPrototypeCharCodeAt(s, start))) start++;
  while (end > start && isHTTPWhitespace(P.StringPrototypeCharCodeAt(s, end - 1))) end--;
  return P.StringPrototypeSlice(s, start, end);
}

// https://fetch.spec.whatwg.org/#collect-an-http-quoted-string (with the extract-value flag)
function collectHTTPQuotedString(input, position) {
  // 1–4. position.index is at a U+0022; value collects until the closing quote.
  let value = "";
  position.index++;
  while (true) {
    // 5.1–5.2 Collect code points that are not " or \.
    while (position.index < input.length && input[position.index] !== '"' && input[position.index] !== "\\") {
      value += input[position.index++];
    }
    // 5.3 Past the end: stop.
    if (position.index >= input.length) break;
    // 5.4–5.5 A backslash escapes the next code point (or is kept at the end).
    const quoteOrBackslash = input[position.index++];
    if (quoteOrBackslash === "\\") {
      if (position.index >= input.length) {
        value += "\\";
        break;
      }
      value += input[position.index++];
    } else {
      // 5.6 The closing quote.
      break;
    }
  }
  return value;
}

// https://mimesniff.spec.whatwg.org/#parse-a-mime-type: { type, subtype, parameters: Map } or null.
function parseMIMEType(input) {
  // 1. Remove leading and trailing HTTP whitespace.
  input = trimHTTPWhitespace(input);
  const position = { index: 0 };
  // 3–5. The type: up to "/", a non-empty token.
  let slash = P.StringPrototypeIndexOf(input, "/");
  if (slash === -1) return null;
  const type = P.StringPrototypeSlice(input, 0, slash);
  if (!isToken(type)) return null;
  position.index = slash + 1;
  // 7–9. The subtype: up to ";", trailing whitespace removed, a non-empty token.
  let semicolon = P.StringPrototypeIndexOf(input, ";", position.index);
  if (semicolon === -1) semicolon = input.length;
  const subtype = trimHTTPWhitespace(P.StringPrototypeSlice(input, position.index, semicolon));
  if (!isToken(subtype)) return null;
  position.index = semicolon;
  // 10. Lowercase both.
  const mimeType = { type: P.StringPrototypeToLowerCase(type), subtype: P.StringPrototypeToLowerCase(subtype), parameters: new P.Map() };
  // 11. The parameters.
  while (position.index < input.length) {
    // 11.1 Skip the ";". 11.2 Skip HTTP whitespace.
    position.index++;
    while (position.index < input.length && isHTTPWhitespace(P.StringPrototypeCharCodeAt(input, position.index))) position.index++;
    // 11.3 The name: up to ";" or "=", lowercased.
    let nameEnd = position.index;
    while (nameEnd < input.length && input[nameEnd] !== ";" && input[nameEnd] !== "=") nameEnd++;
    const name = P.StringPrototypeToLowerCase(P.StringPrototypeSlice(input, position.index, nameEnd));
    position.index = nameEnd;
    // 11.5 A ";" here: no value, next parameter. 11.6 Past the end: done.
    if (position.index < input.length && input[position.index] === ";") continue;
    if (position.index >= input.length) break;
    position.index++;
    // 11.8 The value: a quoted string (the rest up to ";" ignored) or up to ";" with trailing
    // whitespace removed (an empty one is skipped).
    let value;
    if (input[position.index] === '"') {
      value = collectHTTPQuotedString(input, position);
      while (position.index < input.length && input[position.index] !== ";") position.index++;
    } else {
      let valueEnd = P.StringPrototypeIndexOf(input, ";", position.index);
      if (valueEnd === -1) valueEnd = input.length;
      value = trimHTTPWhitespace(P.StringPrototypeSlice(input, position.index, valueEnd));
      position.index = valueEnd;
      if (value === "") continue;
    }
    // 11.10 Keep the first of each valid name with a valid value.
    if (isToken(name) && P.RegExpPrototypeTest(quotedStringTokenPattern, value) && !P.MapPrototypeHas(mimeType.parameters, name)) {
      P.MapPrototypeSet(mimeType.parameters, name, value);
    }
  }
  return mimeType;
}

// https://mimesniff.spec.whatwg.org/#serialize-a-mime-type
function serializeMIMEType(mimeType) {
  let serialization = `${mimeType.type}/${mimeType.subtype}`;
  P.MapPrototypeForEach(mimeType.parameters, (value, name) => {
    // A value that is not a token is quoted, with " and \ escaped.
    if (!isToken(value)) value = `"${P.StringPrototypeReplace(value, /(["\\])/g, "\\$1")}"`;
    serialization += `;${name}=${value}`;
  });
  return serialization;
}

const essenceOf = (mimeType) => `${mimeType.type}/${mimeType.subtype}`;

internals.mimeType = { parseMIMEType, serializeMIMEType, essenceOf, isToken, trimHTTPWhitespace, collectHTTPQuotedString, isHTTPWhitespace };
