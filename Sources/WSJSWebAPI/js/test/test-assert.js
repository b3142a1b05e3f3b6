// SPDX-License-Identifier: MIT
// wsjs test: `assert`, shaped as node:assert in strict mode (assert(value, message), ok, equal,
// notEqual, deepEqual, notDeepEqual, throws, rejects, match, fail). Failures throw an
// AssertionError with actual, expected, operator and generatedMessage, as Node's do.
const P = internals.require("primordials").primordials;
const { equals, show, lineDiff, wantsDiff, isAsymmetric } = internals.require("test/test-equality").testEquality;

class AssertionError extends P.Error {
  constructor(options) {
    const { message, actual, expected, operator } = options ?? {};
    super(message instanceof P.Error ? message.message : message ?? defaultMessage(operator, actual, expected));
    this.name = "AssertionError";
    this.code = "ERR_ASSERTION";
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    this.generatedMessage = message === undefined;
    if (message === undefined && operator !== undefined && wantsDiff(expected, actual) && (operator === "deepStrictEqual" || operator === "strictEqual")) {
      this.diff = lineDiff(expected, actual);
    }
  }
}

function defaultMessage(operator, actual, expected) {
  switch (operator) {
    case "==": return `The expression evaluated to a falsy value:\n\n  assert.ok(${show(actual)})`;
    case "strictEqual": return `Expected values to be strictly equal:\n\n${show(actual)} !== ${show(expected)}`;
    case "notStrictEqual": return `Expected "actual" to be strictly unequal to: ${show(expected)}`;
    case "deepStrictEqual": return `Expected values to be strictly deep-equal:\n+ actual - expected\n\n+ ${show(actual)}\n- ${show(expected)}`;
    case "notDeepStrictEqual": return `Expected "actual" not to be strictly deep-equal to: ${show(expected)}`;
    case "match": return `The input did not match the regular expression ${show(expected)}. Input:\n\n${show(actual)}`;
    case "throws": return "Missing expected exception.";
    case "rejects": return "Missing expected rejection.";
    case "fail": return "Failed";
    default: return `${show(actual)} ${operator} ${show(expected)}`;
  }
}

function raise(message, fields) {
  if (message instanceof P.Error) throw message;
  throw new AssertionError({ message, ...fields });
}

function ok(value, message) {
  if (arguments.length === 0) raise("No value argument passed to `assert.ok()`", { actual: undefined, expected: true, operator: "==" });
  if (!value) raise(message, { actual: value, expected: true, operator: "==" });
}

const assert = function assert(value, message) {
  if (arguments.length === 0) raise("No value argument passed to `assert()`", { actual: undefined, expected: true, operator: "==" });
  if (!value) raise(message, { actual: value, expected: true, operator: "==" });
};

/// throws/rejects: the error must match `expected` (a class, a RegExp on its message or string
/// form, a validation function, or an object whose properties it has).
function matchesError(error, expected) {
  if (expected === undefined) return true;
  if (typeof expected === "function") {
    if (expected.prototype !== undefined && error instanceof expected) return true;
    if (P.Error.isPrototypeOf?.(expected) || expected === P.Error) return false;
    return expected(error) === true;
  }
  if (P.ObjectPrototypeToString(expected) === "[object RegExp]") return P.RegExpPrototypeTest(expected, `${error}`) || P.RegExpPrototypeTest(expected, `${error?.message}`);
  if (expected !== null && typeof expected === "object") {
    for (const key of P.ObjectKeys(expected)) {
      const want = expected[key];
      const have = error?.[key];
      if (P.ObjectPrototypeToString(want) === "[object RegExp]" && typeof have === "string" ? !P.RegExpPrototypeTest(want, have) : !equals(have, want, true)) return false;
    }
    return true;
  }
  return false;
}

P.ObjectAssign(assert, {
  ok,
  equal(actual, expected, message) {
    if (!P.ObjectIs(actual, expected)) raise(message, { actual, expected, operator: "strictEqual" });
  },
  notEqual(actual, expected, message) {
    if (P.ObjectIs(actual, expected)) raise(message, { actual, expected, operator: "notStrictEqual" });
  },
  deepEqual(actual, expected, message) {
    if (!equals(actual, expected, true) || isAsymmetric(expected)) {
      if (!isAsymmetric(expected) || !expected.asymmetricMatch(actual)) raise(message, { actual, expected, operator: "deepStrictEqual" });
    }
  },
  notDeepEqual(actual, expected, message) {
    if (equals(actual, expected, true)) raise(message, { actual, expected, operator: "notDeepStrictEqual" });
  },
  throws(fn, expected, message) {
    if (typeof fn !== "function") throw new P.TypeError(`The "fn" argument must be of type function. Received ${show(fn)}`);
    if (typeof expected === "string") { message = expected; expected = undefined; }
    try {
      fn();
    } catch (error) {
      if (!matchesError(error, expected)) {
        raise(message ?? `The error is expected to match ${show(expected)}. Received ${show(error)}`, { actual: error, expected, operator: "throws" });
      }
      return;
    }
    raise(message, { actual: undefined, expected, operator: "throws" });
  },
  async rejects(promiseOrFn, expected, message) {
    if (typeof expected === "string") { message = expected; expected = undefined; }
    const promise = typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn;
    if (promise === null || typeof promise?.then !== "function") throw new P.TypeError(`The "promiseFn" argument must be a promise or a function returning one. Received ${show(promise)}`);
    try {
      await promise;
    } catch (error) {
      if (!matchesError(error, expected)) raise(message ?? `The rejection is expected to match ${show(expected)}. Received ${show(error)}`, { actual: error, expected, operator: "rejects" });
      return;
    }
    raise(message, { actual: undefined, expected, operator: "rejects" });
  },
  match(string, regexp, message) {
    if (typeof string !== "string" || !P.RegExpPrototypeTest(regexp, string)) raise(message, { actual: string, expected: regexp, operator: "match" });
  },
  fail(message = "Failed") {
    raise(message, { actual: undefined, expected: undefined, operator: "fail" });
  },
  AssertionError,
});
assert.strictEqual = assert.equal;
assert.notStrictEqual = assert.notEqual;
assert.deepStrictEqual = assert.deepEqual;
assert.notDeepStrictEqual = assert.notDeepEqual;
assert.strict = assert;

internals.testAssert = { assert, AssertionError };
