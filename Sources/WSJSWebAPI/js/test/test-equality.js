// SPDX-License-Identifier: MIT
// wsjs test: the deep equality of expect() and assert (Jest's `equals` rules: toEqual ignores
// properties that are undefined, toStrictEqual does not and compares types), asymmetric
// matchers, value formatting and the line diff of failure messages.
const P = internals.require("primordials").primordials;
const { inspect } = internals.require("inspect");


const asymmetric = P.Symbol("wsjs.asymmetricMatcher");

/// expect.any(), expect.stringContaining()…: an object whose asymmetricMatch decides equality.
class AsymmetricMatcher {
  constructor(name, sample, match, inverse = false) {
    this[asymmetric] = true;
    this.name = name;
    this.sample = sample;
    this.match = match;
    this.inverse = inverse;
  }
  asymmetricMatch(other) {
    const result = this.match(other);
    return this.inverse ? !result : result;
  }
  toString() { return `${this.inverse ? "not." : ""}${this.name}`; }
  [P.SymbolFor("nodejs.util.inspect.custom")]() {
    return `${this.inverse ? "Not" : ""}${this.name}${this.sample === undefined ? "" : `(${typeof this.sample === "function" ? this.sample.name : inspect(this.sample, { breakLength: Infinity })})`}`;
  }
}
const isAsymmetric = (value) => value !== null && typeof value === "object" && (value[asymmetric] === true || typeof value.asymmetricMatch === "function");

const tag = (value) => P.ObjectPrototypeToString(value);

function bytesOf(value) {
  if (value instanceof P.ArrayBuffer) return new P.Uint8Array(value);
  if (P.ArrayBufferIsView(value)) return new P.Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/// Own enumerable keys (symbols too); toEqual skips those whose value is undefined.
function keysOf(object, strict) {
  const keys = [];
  for (const key of P.ReflectOwnKeys(object)) {
    if (!P.ObjectPrototypePropertyIsEnumerable(object, key)) continue;
    if (!strict && object[key] === undefined) continue;
    P.ArrayPrototypePush(keys, key);
  }
  return keys;
}

function equals(a, b, strict = false, seen = []) {
  if (isAsymmetric(b)) return b.asymmetricMatch(a);
  if (isAsymmetric(a)) return a.asymmetricMatch(b);
  if (P.ObjectIs(a, b)) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    return false;
  }
  const tagA = tag(a);
  if (tagA !== tag(b)) return false;
  if (strict && P.ObjectGetPrototypeOf(a) !== P.ObjectGetPrototypeOf(b)) return false;
  for (let i = 0; i < seen.length; i++) if (seen[i][0] === a) return seen[i][1] === b;
  switch (tagA) {
    case "[object Date]": {
      const x = P.DatePrototypeGetTime(a), y = P.DatePrototypeGetTime(b);
      return x === y || (P.NumberIsNaN(x) && P.NumberIsNaN(y));
    }
    case "[object RegExp]": return a.source === b.source && a.flags === b.flags;
    case "[object Number]": case "[object String]": case "[object Boolean]":
      return P.ObjectIs(a.valueOf(), b.valueOf());
    case "[object ArrayBuffer]": case "[object SharedArrayBuffer]": case "[object DataView]":
      return sameBytes(bytesOf(a), bytesOf(b));
    case "[object Error]":
      if (a.name !== b.name || a.message !== b.message) return false;
      break;
    case "[object Blob]": case "[object File]":
      return a.type === b.type && sameBytes(new P.Uint8Array(internals.blobBytes(a)), new P.Uint8Array(internals.blobBytes(b)));
  }
  if (P.ArrayBufferIsView(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!P.ObjectIs(a[i], b[i])) return false;
    return true;
  }
  P.ArrayPrototypePush(seen, [a, b]);
  try {
    if (tagA === "[object Map]") {
      if (a.size !== b.size) return false;
      for (const [key, value] of a) {
        if (b.has(key)) {
          if (!equals(value, b.get(key), strict, seen)) return false;
          continue;
        }
        let found = false;
        for (const [otherKey, otherValue] of b) {
          if (equals(key, otherKey, strict, seen) && equals(value, otherValue, strict, seen)) { found = true; break; }
        }
        if (!found) return false;
      }
      return true;
    }
    if (tagA === "[object Set]") {
      if (a.size !== b.size) return false;
      for (const value of a) {
        if (b.has(value)) continue;
        let found = false;
        for (const other of b) if (equals(value, other, strict, seen)) { found = true; break; }
        if (!found) return false;
      }
      return true;
    }
    if (P.ArrayIsArray(a)) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) {
        if (strict && (i in a) !== (i in b)) return false;
        if (!equals(a[i], b[i], strict, seen)) return false;
      }
      // Extra non-index properties of arrays count too.
    }
    const keysA = keysOf(a, strict), keysB = keysOf(b, strict);
    if (keysA.length !== keysB.length) return false;
    for (const key of keysA) {
      if (!P.ObjectPrototypeHasOwnProperty(b, key) && !(key in b)) return false;
      if (!equals(a[key], b[key], strict, seen)) return false;
    }
    return true;
  } finally {
    seen.length--;
  }
}

/// toMatchObject: every property of `expected` is in `actual` and matches, recursively.
function matchesObject(actual, expected, seen = []) {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(actual);
  if (expected === null || typeof expected !== "object" || actual === null || typeof actual !== "object") return equals(actual, expected);
  if (P.ArrayIsArray(expected)) {
    if (!P.ArrayIsArray(actual) || actual.length !== expected.length) return false;
    for (let i = 0; i < expected.length; i++) if (!matchesObject(actual[i], expected[i], seen)) return false;
    return true;
  }
  const kind = tag(expected);
  if (kind !== "[object Object]") return equals(actual, expected);
  if (P.ArrayPrototypeIncludes(seen, expected)) return true;
  P.ArrayPrototypePush(seen, expected);
  try {
    for (const key of P.ReflectOwnKeys(expected)) {
      if (!P.ObjectPrototypePropertyIsEnumerable(expected, key)) continue;
      if (!(key in actual)) return false;
      if (!matchesObject(actual[key], expected[key], seen)) return false;
    }
    return true;
  } finally {
    seen.length--;
  }
}

/// One line, for messages ("Expected: 3").
const show = (value) => inspect(value, { depth: 6, breakLength: Infinity, maxStringLength: 2000 });
/// One item per line, for the diff.
const showLines = (value) => typeof value === "string" ? value : inspect(value, { depth: 10, breakLength: 0, compact: 0, maxArrayLength: 1000 });

/// A line diff (longest common subsequence; bounded, so a huge value cannot stall a failure):
/// "- " lines are expected only, "+ " lines received only.
function lineDiff(expected, received) {
  const a = P.StringPrototypeSplit(showLines(expected), "\n");
  const b = P.StringPrototypeSplit(showLines(received), "\n");
  if (a.length * b.length > 4_000_000) return undefined;
  const n = a.length, m = b.length;
  const table = [];
  for (let i = 0; i <= n; i++) table[i] = new P.Uint32Array(m + 1);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : P.MathMax(table[i + 1][j], table[i][j + 1]);
    }
  }
  const lines = ["- Expected", "+ Received", ""];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { P.ArrayPrototypePush(lines, `  ${a[i]}`); i++; j++; }
    else if (i < n && (j === m || table[i + 1][j] >= table[i][j + 1])) { P.ArrayPrototypePush(lines, `- ${a[i]}`); i++; }
    else { P.ArrayPrototypePush(lines, `+ ${b[j]}`); j++; }
  }
  return P.ArrayPrototypeJoin(lines, "\n");
}

/// A diff is worth showing for objects and for strings that span lines or are long.
function wantsDiff(expected, received) {
  if (typeof expected === "string" && typeof received === "string") {
    return P.StringPrototypeIncludes(expected, "\n") || P.StringPrototypeIncludes(received, "\n") || expected.length + received.length > 80;
  }
  return expected !== null && received !== null && typeof expected === "object" && typeof received === "object" && !isAsymmetric(expected);
}

internals.testEquality = { equals, matchesObject, AsymmetricMatcher, isAsymmetric, show, lineDiff, wantsDiff, bytesOf, sameBytes };
