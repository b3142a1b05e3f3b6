// SPDX-License-Identifier: MIT
// Header lists (https://fetch.spec.whatwg.org/#concept-header-list): an array of [name, value]
// pairs of byte strings, names kept as given and compared ASCII case-insensitively. The operations
// are named as the standard names them; Headers (headers.js) and the Fetch algorithms use them.
const P = internals.require("primordials").primordials;
const { parseMIMEType, serializeMIMEType, essenceOf, isHTTPWhitespace, collectHTTPQuotedString } = internals.require("fetch/mime-type").mimeType;

const lower = P.StringPrototypeToLowerCase;
// https://fetch.spec.whatwg.org/#header-name: a token (RFC 9110 §5.1).
const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const isHeaderName = (name) => P.RegExpPrototypeTest(tokenPattern, name);

// https://fetch.spec.whatwg.org/#header-value: no leading or trailing HTTP tab or space, no NUL,
// CR or LF.
function isHeaderValue(value) {
  const n = value.length;
  if (n > 0) {
    const first = P.StringPrototypeCharCodeAt(value, 0), last = P.StringPrototypeCharCodeAt(value, n - 1);
    if (first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09) return false;
  }
  return !P.RegExpPrototypeTest(/[\0\r\n]/, value);
}

// https://fetch.spec.whatwg.org/#concept-header-value-normalize: strip leading and trailing HTTP
// whitespace bytes.
function normalizeHeaderValue(value) {
  let start = 0;
  let end = value.length;
  while (start < end && isHTTPWhitespace(P.StringPrototypeCharCodeAt(value, start))) start++;
  while (end > start && isHTTPWhitespace(P.StringPrototypeCharCodeAt(value, end - 1))) end--;
  return start === 0 && end === value.length ? value : P.StringPrototypeSlice(value, start, end);
}

// https://fetch.spec.whatwg.org/#header-list-contains
function contains(list, name) {
  name = lower(name);
  for (let i = 0; i < list.length; i++) if (lower(list[i][0]) === name) return true;
  return false;
}

// https://fetch.spec.whatwg.org/#concept-header-list-get: the values joined by ", ", or null.
function get(list, name) {
  name = lower(name);
  let result = null;
  for (let i = 0; i < list.length; i++) {
    if (lower(list[i][0]) !== name) continue;
    result = result === null ? list[i][1] : `${result}, ${list[i][1]}`;
  }
  return result;
}

// https://fetch.spec.whatwg.org/#concept-header-list-get-decode-split
function getDecodeSplit(list, name) {
  // 1–2. Get; null stays null. (The value is already isomorphic-decoded: strings hold bytes.)
  const input = get(list, name);
  if (input === null) return null;
  // https://fetch.spec.whatwg.org/#header-value-get-decode-and-split: split on commas outside
  // quoted strings, each value with HTTP tab/space trimmed.
  const position = { index: 0 };
  const values = [];
  let temporaryValue = "";
  while (true) {
    while (position.index < input.length && input[position.index] !== '"' && input[position.index] !== ",") temporaryValue += input[position.index++];
    if (position.index < input.length && input[position.index] === '"') {
      const start = position.index;
      collectHTTPQuotedString(input, position);
      temporaryValue += P.StringPrototypeSlice(input, start, position.index);
      if (position.index < input.length) continue;
    }
    P.ArrayPrototypePush(values, P.StringPrototypeReplace(temporaryValue, /^[\t ]+|[\t ]+$/g, ""));
    temporaryValue = "";
    if (position.index >= input.length) return values;
    position.index++;
  }
}

// https://fetch.spec.whatwg.org/#concept-header-list-append: a name already in the list takes
// that entry's spelling.
function append(list, name, value) {
  const lowered = lower(name);
  for (let i = 0; i < list.length; i++) {
    if (lower(list[i][0]) === lowered) {
      name = list[i][0];
      break;
    }
  }
  P.ArrayPrototypePush(list, [name, value]);
}

// https://fetch.spec.whatwg.org/#concept-header-list-delete
function remove(list, name) {
  name = lower(name);
  for (let i = list.length - 1; i >= 0; i--) if (lower(list[i][0]) === name) P.ArrayPrototypeSplice(list, i, 1);
}

// https://fetch.spec.whatwg.org/#concept-header-list-set: replace the first, remove the others.
function set(list, name, value) {
  const lowered = lower(name);
  let first = -1;
  for (let i = 0; i < list.length; i++) {
    if (lower(list[i][0]) !== lowered) continue;
    if (first === -1) {
      first = i;
      list[i] = [list[i][0], value];
    } else {
      P.ArrayPrototypeSplice(list, i--, 1);
    }
  }
  if (first === -1) P.ArrayPrototypePush(list, [name, value]);
}

// https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine: lowercase names in
// byte order, each name once with its combined value, except set-cookie, once per value.
function sortAndCombine(list) {
  const names = [];
  const seen = new P.Set();
  for (let i = 0; i < list.length; i++) {
    const name = lower(list[i][0]);
    if (!P.SetPrototypeHas(seen, name)) {
      P.SetPrototypeAdd(seen, name);
      P.ArrayPrototypePush(names, name);
    }
  }
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const headers = [];
  for (const name of names) {
    if (name === "set-cookie") {
      for (let i = 0; i < list.length; i++) if (lower(list[i][0]) === name) P.ArrayPrototypePush(headers, [name, list[i][1]]);
    } else {
      P.ArrayPrototypePush(headers, [name, get(list, name)]);
    }
  }
  return headers;
}

// https://fetch.spec.whatwg.org/#concept-header-extract-mime-type: a MIME type record or null.
function extractMIMEType(list) {
  // 1–3. charset, essence and mimeType start out null; values is Content-Type's split values.
  let charset = null, essence = null, mimeType = null;
  const values = getDecodeSplit(list, "content-type");
  // 4. No values: failure.
  if (values === null) return null;
  // 5. For each value: parse; skip failures and "*/*".
  for (const value of values) {
    const temporaryMimeType = parseMIMEType(value);
    if (temporaryMimeType === null || essenceOf(temporaryMimeType) === "*/*") continue;
    mimeType = temporaryMimeType;
    if (essenceOf(mimeType) !== essence) {
      // A new essence: remember its charset (or none), and the essence.
      charset = P.MapPrototypeGet(mimeType.parameters, "charset") ?? null;
      essence = essenceOf(mimeType);
    } else if (!P.MapPrototypeHas(mimeType.parameters, "charset") && charset !== null) {
      // The same essence without a charset keeps the one seen before.
      P.MapPrototypeSet(mimeType.parameters, "charset", charset);
    }
  }
  // 6–7. mimeType, or failure.
  return mimeType;
}

internals.headerList = {
  isHeaderName, isHeaderValue, normalizeHeaderValue, contains, get, getDecodeSplit, append, remove, set, sortAndCombine,
  extractMIMEType, serializeMIMEType,
};
