// SPDX-License-Identifier: MIT
// wsjs test: expect(), compatible with Jest's core matchers, .not/.resolves/.rejects, the
// asymmetric matchers and expect.assertions(). A failure throws an Error whose message says what
// was expected and what was received (with a line diff for objects and long strings) and which
// carries `expected`, `actual` and `operator` for the TAP and JUnit reports.
const P = internals.require("primordials").primordials;
const { equals, matchesObject, AsymmetricMatcher, isAsymmetric, show, lineDiff, wantsDiff } = internals.require("test/test-equality").testEquality;
const { inspect } = internals.require("inspect");

// Assertion counting (expect.assertions / expect.hasAssertions) for the running test (its
// context comes from the worker; outside a test nothing is counted).
const counter = () => internals.testCurrentContext?.()?.assertions ?? null;
internals.testExpectState = {
  end(ctx) {
    const state = ctx.assertions;
    if (state.expected !== undefined && state.count !== state.expected) {
      return expectationError(`expect.assertions(${state.expected})\n\nExpected ${state.expected} assertion${state.expected === 1 ? "" : "s"} to be called but received ${state.count} assertion call${state.count === 1 ? "" : "s"}.`, {});
    }
    if (state.has && state.count === 0) return expectationError("expect.hasAssertions()\n\nExpected at least one assertion to be called but received none.", {});
    return undefined;
  },
};

function countAssertion() {
  const state = counter();
  if (state !== null) state.count++;
}

function expectationError(message, fields, origin = undefined) {
  const error = new P.Error(message);
  error.name = "AssertionError";
  if (origin !== undefined) error.stack = origin.stack;
  if (fields.operator !== undefined) error.operator = fields.operator;
  if ("expected" in fields) error.expected = fields.expected;
  if ("actual" in fields) error.actual = fields.actual;
  if (fields.diff !== undefined) error.diff = fields.diff;
  return error;
}

const hint = (name, isNot, promise, args = "expected") => `expect(received)${promise ? `.${promise}` : ""}${isNot ? ".not" : ""}.${name}(${args})`;

/// The usual report of an equality matcher: Expected/Received, and a diff when it helps.
function compareReport(context, name, expected, received, note = "") {
  const head = hint(name, context.isNot, context.promise) + note;
  if (context.isNot) return `${head}\n\nExpected: not ${show(expected)}\n` + (equals(expected, received) && show(expected) === show(received) ? "" : `Received:     ${show(received)}`);
  const diff = wantsDiff(expected, received) ? lineDiff(expected, received) : undefined;
  return `${head}\n\nExpected: ${show(expected)}\nReceived: ${show(received)}` + (diff !== undefined ? `\n\n${diff}` : "");
}

const isThenable = (value) => value !== null && (typeof value === "object" || typeof value === "function") && typeof value.then === "function";
const typeName = (value) => value === null ? "null" : P.ArrayIsArray(value) ? "array" : typeof value;

const matchers = {
  toBe(received, expected) {
    const pass = P.ObjectIs(received, expected);
    const note = !pass && equals(received, expected) ? "\n\nIf it should pass with deep equality, replace \"toBe\" with \"toStrictEqual\"" : " // Object.is equality";
    return { pass, expected, actual: received, message: () => compareReport(this, "toBe", expected, received, note) };
  },
  toEqual(received, expected) {
    const pass = equals(received, expected);
    return { pass, expected, actual: received, diff: true, message: () => compareReport(this, "toEqual", expected, received, " // deep equality") };
  },
  toStrictEqual(received, expected) {
    const pass = equals(received, expected, true);
    return { pass, expected, actual: received, diff: true, message: () => compareReport(this, "toStrictEqual", expected, received, " // deep equality") };
  },
  toMatchObject(received, expected) {
    if (received === null || typeof received !== "object") throw new P.TypeError(`${hint("toMatchObject", this.isNot, this.promise)}\n\nreceived value must be a non-null object\nReceived: ${show(received)}`);
    const pass = matchesObject(received, expected);
    return { pass, expected, actual: received, message: () => compareReport(this, "toMatchObject", expected, received) };
  },
  toBeTruthy(received) { return truthiness(this, "toBeTruthy", !!received, received); },
  toBeFalsy(received) { return truthiness(this, "toBeFalsy", !received, received); },
  toBeNull(received) { return truthiness(this, "toBeNull", received === null, received); },
  toBeUndefined(received) { return truthiness(this, "toBeUndefined", received === undefined, received); },
  toBeDefined(received) { return truthiness(this, "toBeDefined", received !== undefined, received); },
  toBeNaN(received) { return truthiness(this, "toBeNaN", P.NumberIsNaN(received), received); },
  toBeGreaterThan(received, expected) { return comparison(this, "toBeGreaterThan", ">", received, expected, received > expected); },
  toBeGreaterThanOrEqual(received, expected) { return comparison(this, "toBeGreaterThanOrEqual", ">=", received, expected, received >= expected); },
  toBeLessThan(received, expected) { return comparison(this, "toBeLessThan", "<", received, expected, received < expected); },
  toBeLessThanOrEqual(received, expected) { return comparison(this, "toBeLessThanOrEqual", "<=", received, expected, received <= expected); },
  toBeCloseTo(received, expected, digits = 2) {
    checkNumber(this, "toBeCloseTo", received, "received");
    checkNumber(this, "toBeCloseTo", expected, "expected");
    const threshold = 10 ** -digits / 2;
    const difference = P.MathAbs(expected - received);
    const pass = (received === Infinity && expected === Infinity) || (received === -Infinity && expected === -Infinity) || difference < threshold;
    return {
      pass, expected, actual: received,
      message: () => `${hint("toBeCloseTo", this.isNot, this.promise, "expected, precision")}\n\nExpected: ${this.isNot ? "not " : ""}${show(expected)}\nReceived: ${show(received)}\n\nExpected precision:    ${digits}\nExpected difference: ${this.isNot ? ">=" : "<"} ${threshold}\nReceived difference:   ${difference}`,
    };
  },
  toContain(received, item) {
    let pass;
    if (typeof received === "string") pass = P.StringPrototypeIncludes(received, `${item}`);
    else if (received !== null && typeof received === "object" && typeof received[P.SymbolIterator] === "function") {
      pass = false;
      for (const value of received) if (P.ObjectIs(value, item) || value === item) { pass = true; break; }
    } else throw new P.TypeError(`${hint("toContain", this.isNot, this.promise)}\n\nreceived value must not be null nor undefined and must be a string or iterable\nReceived: ${show(received)}`);
    return { pass, expected: item, actual: received, message: () => `${hint("toContain", this.isNot, this.promise)}\n\nExpected ${typeof received === "string" ? "substring" : "value"}: ${this.isNot ? "not " : ""}${show(item)}\nReceived ${typeof received === "string" ? "string" : "value"}:    ${show(received)}` };
  },
  toContainEqual(received, item) {
    if (received === null || typeof received !== "object" || typeof received[P.SymbolIterator] !== "function") throw new P.TypeError(`${hint("toContainEqual", this.isNot, this.promise)}\n\nreceived value must be iterable\nReceived: ${show(received)}`);
    let pass = false;
    for (const value of received) if (equals(value, item)) { pass = true; break; }
    return { pass, expected: item, actual: received, message: () => `${hint("toContainEqual", this.isNot, this.promise)}\n\nExpected value: ${this.isNot ? "not " : ""}${show(item)}\nReceived value:    ${show(received)}` };
  },
  toHaveLength(received, length) {
    if (received === null || received === undefined || typeof received.length !== "number") throw new P.TypeError(`${hint("toHaveLength", this.isNot, this.promise, "length")}\n\nreceived value must have a length property whose value must be a number\nReceived: ${show(received)}`);
    const pass = received.length === length;
    return { pass, expected: length, actual: received.length, message: () => `${hint("toHaveLength", this.isNot, this.promise, "length")}\n\nExpected length: ${this.isNot ? "not " : ""}${length}\nReceived length: ${received.length}\nReceived value:  ${show(received)}` };
  },
  toHaveProperty(received, path, ...rest) {
    const hasValue = rest.length > 0;
    const keys = P.ArrayIsArray(path) ? path : P.StringPrototypeSplit(P.StringPrototypeReplace(`${path}`, /\[(\w+)\]/g, ".$1"), ".");
    let object = received;
    let found = true;
    for (const key of keys) {
      if (object === null || object === undefined || !(key in Object(object))) { found = false; break; }
      object = object[key];
    }
    const pass = found && (!hasValue || equals(object, rest[0]));
    const args = hasValue ? "path, value" : "path";
    return {
      pass, expected: hasValue ? rest[0] : path, actual: found ? object : received,
      message: () => `${hint("toHaveProperty", this.isNot, this.promise, args)}\n\nExpected path: ${show(path)}\n` +
        (!found ? `Received path: not found in ${show(received)}` : hasValue ? `\nExpected value: ${this.isNot ? "not " : ""}${show(rest[0])}\nReceived value: ${show(object)}` : `\nReceived value: ${show(object)}`),
    };
  },
  toMatch(received, expected) {
    if (typeof received !== "string") throw new P.TypeError(`${hint("toMatch", this.isNot, this.promise)}\n\nreceived value must be a string\nReceived: ${show(received)}`);
    const pass = typeof expected === "string" ? P.StringPrototypeIncludes(received, expected) : P.RegExpPrototypeTest(expected, received);
    return { pass, expected, actual: received, message: () => `${hint("toMatch", this.isNot, this.promise)}\n\nExpected ${typeof expected === "string" ? "substring" : "pattern"}: ${this.isNot ? "not " : ""}${show(expected)}\nReceived string:  ${show(received)}` };
  },
  toBeInstanceOf(received, constructor) {
    if (typeof constructor !== "function") throw new P.TypeError(`${hint("toBeInstanceOf", this.isNot, this.promise, "constructor")}\n\nexpected value must be a function\nExpected: ${show(constructor)}`);
    const pass = received instanceof constructor;
    const name = (value) => value === null || value === undefined ? typeName(value) : value.constructor?.name ?? "Object";
    return { pass, expected: constructor.name, actual: name(received), message: () => `${hint("toBeInstanceOf", this.isNot, this.promise, "constructor")}\n\nExpected constructor: ${this.isNot ? "not " : ""}${constructor.name}\nReceived constructor: ${name(received)}\nReceived value: ${show(received)}` };
  },
  toThrow(received, expected) {
    let thrown;
    let threw = false;
    if (this.promise === "rejects") {
      threw = true;
      thrown = received;
    } else {
      if (typeof received !== "function") throw new P.TypeError(`${hint("toThrow", this.isNot, this.promise)}\n\nreceived value must be a function\nReceived: ${show(received)}`);
      try { received(); } catch (error) { threw = true; thrown = error; }
    }
    const message = thrown !== null && typeof thrown === "object" ? thrown.message : thrown;
    let pass = threw;
    let expectation = "";
    if (threw && expected !== undefined) {
      if (typeof expected === "function") { pass = thrown instanceof expected; expectation = `Expected constructor: ${expected.name}`; }
      else if (typeof expected === "string") { pass = P.StringPrototypeIncludes(`${message}`, expected); expectation = `Expected substring: ${show(expected)}`; }
      else if (P.ObjectPrototypeToString(expected) === "[object RegExp]") { pass = P.RegExpPrototypeTest(expected, `${message}`); expectation = `Expected pattern: ${show(expected)}`; }
      else if (isAsymmetric(expected)) { pass = expected.asymmetricMatch(thrown); expectation = `Expected asymmetric matcher: ${show(expected)}`; }
      else if (expected !== null && typeof expected === "object") { pass = message === expected.message; expectation = `Expected message: ${show(expected.message)}`; }
    }
    const name = this.promise === "rejects" ? "toThrow" : "toThrow";
    return {
      pass, expected, actual: thrown,
      message: () => `${hint(name, this.isNot, this.promise)}\n\n` + (!threw ? `${expectation === "" ? "" : expectation + "\n\n"}Received function did not throw`
        : `${expectation === "" ? "Expected: not to throw" : (this.isNot ? "not " : "") + expectation}\nReceived message: ${show(message)}${thrown?.stack ? "\n" + internals.formatStackFrames(`${thrown.stack}`) : ""}`),
    };
  },
};
matchers.toThrowError = matchers.toThrow;

function truthiness(context, name, pass, received) {
  return { pass, expected: undefined, actual: received, message: () => `${hint(name, context.isNot, context.promise, "")}\n\nReceived: ${show(received)}` };
}

function checkNumber(context, name, value, which) {
  if (typeof value !== "number" && typeof value !== "bigint") throw new P.TypeError(`${hint(name, context.isNot, context.promise)}\n\n${which} value must be a number or bigint\n${which === "received" ? "Received" : "Expected"}: ${show(value)}`);
}

function comparison(context, name, operator, received, expected, pass) {
  checkNumber(context, name, received, "received");
  checkNumber(context, name, expected, "expected");
  return { pass, expected, actual: received, message: () => `${hint(name, context.isNot, context.promise)}\n\nExpected: ${context.isNot ? "not " : ""}${operator} ${show(expected)}\nReceived: ${context.isNot ? "    " : ""}${" ".repeat(operator.length + 1)}${show(received)}` };
}

/// Runs one matcher and throws when its verdict (negated with .not) fails.
function check(name, matcher, context, received, args, origin) {
  countAssertion();
  const finish = (result) => {
    if (result.pass !== context.isNot) return;
    const fields = { operator: name };
    if ("expected" in result) fields.expected = result.expected;
    if ("actual" in result) fields.actual = result.actual;
    if (result.diff && !context.isNot && wantsDiff(result.expected, result.actual)) fields.diff = lineDiff(result.expected, result.actual);
    throw expectationError(result.message(), fields, origin);
  };
  const result = P.ReflectApply(matcher, context, [received, ...args]);
  if (isThenable(result)) return P.PromisePrototypeThen(result, finish);
  finish(result);
  return undefined;
}

let runMatcher;

/// What expect(value) returns: the matchers are methods on the prototype (one object per
/// expect() call, not a closure per matcher); .not, .resolves and .rejects make their own.
class Assertions {
  #received;
  #isNot;
  #promise;
  constructor(received, isNot, promise) {
    this.#received = received;
    this.#isNot = isNot;
    this.#promise = promise;
  }
  get not() { return this.#isNot ? undefined : new Assertions(this.#received, true, this.#promise); }
  get resolves() { return this.#promise !== "" || this.#isNot ? undefined : new Assertions(this.#received, false, "resolves"); }
  get rejects() { return this.#promise !== "" || this.#isNot ? undefined : new Assertions(this.#received, false, "rejects"); }
  static {
    runMatcher = (assertions, name, args, origin) => {
      const received = assertions.#received, isNot = assertions.#isNot, promise = assertions.#promise;
      const context = { isNot, promise, equals, utils: { show, lineDiff } };
      if (promise === "") return check(name, matchers[name], context, received, args, origin);
      // .resolves / .rejects: settle first, then match the value or the reason.
      if (!isThenable(received)) {
        countAssertion();
        return P.PromiseReject(expectationError(`${hint(name, isNot, promise)}\n\nReceived value must be a promise\nReceived: ${show(received)}`, { operator: name }, origin));
      }
      return P.PromisePrototypeThen(received, (value) => {
        if (promise === "rejects") {
          countAssertion();
          throw expectationError(`${hint(name, isNot, promise)}\n\nReceived promise resolved instead of rejected\nResolved to value: ${show(value)}`, { operator: name }, origin);
        }
        return check(name, matchers[name], context, value, args, origin);
      }, (reason) => {
        if (promise === "resolves") {
          countAssertion();
          throw expectationError(`${hint(name, isNot, promise)}\n\nReceived promise rejected instead of resolved\nRejected to value: ${show(reason)}`, { operator: name }, origin);
        }
        return check(name, matchers[name], context, reason, args, origin);
      });
    };
  }
}

/// Adds matchers: each is (received, ...args) → { pass, message() } or a promise of it.
function addMatchers(more) {
  for (const name of P.ObjectKeys(more)) {
    matchers[name] = more[name];
    P.ObjectDefineProperty(Assertions.prototype, name, {
      value: { [name](...args) { return runMatcher(this, name, args, new P.Error()); } }[name],
      writable: true, configurable: true,
    });
  }
}
addMatchers(matchers);

function expect(received, ...extra) {
  if (extra.length !== 0) throw new P.TypeError("expect takes at most one argument.");
  return new Assertions(received, false, "");
}

// Asymmetric matchers.
const className = (value) => value?.name ?? inspect(value);
function any(constructor) {
  if (constructor === undefined) throw new P.TypeError("any() expects to be passed a constructor function. Please pass one or use anything() to match any object.");
  return new AsymmetricMatcher("Any", constructor, (other) => {
    if (constructor === P.String) return typeof other === "string" || other instanceof P.String;
    if (constructor === P.Number) return typeof other === "number" || other instanceof P.Number;
    if (constructor === P.Boolean) return typeof other === "boolean" || other instanceof P.Boolean;
    if (constructor === P.BigInt) return typeof other === "bigint";
    if (constructor === P.Symbol) return typeof other === "symbol";
    if (constructor === P.Function) return typeof other === "function";
    if (constructor === P.Object) return other !== null && typeof other === "object";
    return other instanceof constructor;
  });
}
const anything = () => new AsymmetricMatcher("Anything", undefined, (other) => other !== null && other !== undefined);
const stringContaining = (inverse) => (text) => new AsymmetricMatcher("StringContaining", text, (other) => typeof other === "string" && P.StringPrototypeIncludes(other, text), inverse);
const stringMatching = (inverse) => (pattern) => new AsymmetricMatcher("StringMatching", pattern, (other) => typeof other === "string" && (typeof pattern === "string" ? P.StringPrototypeIncludes(other, pattern) : P.RegExpPrototypeTest(pattern, other)), inverse);
const objectContaining = (inverse) => (sample) => new AsymmetricMatcher("ObjectContaining", sample, (other) => {
  if (other === null || typeof other !== "object") return false;
  for (const key of P.ReflectOwnKeys(sample)) if (!(key in other) || !equals(other[key], sample[key])) return false;
  return true;
}, inverse);
const arrayContaining = (inverse) => (sample) => new AsymmetricMatcher("ArrayContaining", sample, (other) => {
  if (!P.ArrayIsArray(other)) return false;
  for (const item of sample) {
    let found = false;
    for (const value of other) if (equals(value, item)) { found = true; break; }
    if (!found) return false;
  }
  return true;
}, inverse);

P.ObjectAssign(expect, {
  any, anything,
  stringContaining: stringContaining(false), stringMatching: stringMatching(false),
  objectContaining: objectContaining(false), arrayContaining: arrayContaining(false),
  not: {
    stringContaining: stringContaining(true), stringMatching: stringMatching(true),
    objectContaining: objectContaining(true), arrayContaining: arrayContaining(true),
  },
  assertions(count) {
    const state = counter();
    if (state !== null) state.expected = count;
  },
  hasAssertions() {
    const state = counter();
    if (state !== null) state.has = true;
  },
  extend(more) {
    addMatchers(more);
  },
});
void className;

internals.testExpect = { expect, matchers, addMatchers, expectationError, hint };
