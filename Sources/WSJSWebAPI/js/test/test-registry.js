// SPDX-License-Identifier: MIT
// wsjs test: the test tree a file declares (test/it/describe, hooks, .skip/.only/.todo/.each)
// and the API object that holds them (internals.testAPI; the future `wsjs:test` module exports
// it). Declaring runs nothing: test-runner.js walks the tree once the file has loaded.
const P = internals.require("primordials").primordials;
const { inspect } = internals.require("inspect");
const StringPrototypeStartsWith = P.uncurryThis(String.prototype.startsWith);
const RegExpPrototypeExec = P.uncurryThis(RegExp.prototype.exec);
const ArrayPrototypeUnshift = P.uncurryThis(Array.prototype.unshift);

/// A module's frames name it by its file: URL, a script's by the path it was given: a module
/// under the current directory is shown by its relative path, as scripts are.
function displayedFile(name) {
  if (!StringPrototypeStartsWith(name, "file://")) return name;
  let path;
  try { path = internals.require("modules").modules.fileURLToPath(name); } catch { return name; }
  let cwd = host.cwd();
  if (cwd[cwd.length - 1] !== "/") cwd += "/";
  return StringPrototypeStartsWith(path, cwd) ? P.StringPrototypeSlice(path, cwd.length) : path;
}

/// Where the caller of an API function is: the first frame outside the prelude.
function callerLocation(stack) {
  const lines = P.StringPrototypeSplit(`${stack ?? ""}`, "\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const at = P.StringPrototypeIndexOf(line, "@");
    const where = at === -1 ? line : P.StringPrototypeSlice(line, at + 1);
    if (where === "" || where === "[native code]" || StringPrototypeStartsWith(where, "wsjs:internal/")) continue;
    const match = RegExpPrototypeExec(/^(.*):(\d+):(\d+)$/, where);
    if (match !== null) return { file: displayedFile(match[1]), line: +match[2], column: +match[3] };
  }
  return undefined;
}

/// The caller's location from a short stack (the API's own frames are at most a handful deep),
/// which costs much less than a full one when tests are declared by the thousand.
function shortStack() {
  return shortError().stack;
}
function shortError() {
  const limit = P.Error.stackTraceLimit;
  P.Error.stackTraceLimit = 10;
  const error = new P.Error();
  P.Error.stackTraceLimit = limit;
  return error;
}
/// Where a test, suite or hook was declared: the frames are captured at once, the text made
/// and parsed only when a report needs it (locationOf).
const here = () => shortError();
function locationOf(node) {
  if (node.location === undefined && node.origin !== undefined) {
    node.location = callerLocation(node.origin.stack);
    node.origin = undefined;
  }
  return node.location;
}

let nextId = 1;

function makeSuite(name, options, parent, origin) {
  return {
    kind: "suite", id: nextId++, name, options, parent, origin, location: undefined, children: [],
    hooks: { beforeAll: [], afterAll: [], beforeEach: [], afterEach: [] },
  };
}

const root = makeSuite("", {}, null, undefined);
let currentSuite = root;
/// Set once the file has loaded: declaring then is a mistake the runner reports.
let declarationsClosed = false;
let hasOnly = false;

const optionKeys = ["timeout", "retry", "skip", "todo", "leakCheck", "only"];

/// (name, [options], fn) as test() and describe() take them; a number as options is a timeout.
function normalizeArguments(kind, name, options, fn) {
  if (typeof options === "function" && fn === undefined) {
    fn = options;
    options = {};
  }
  if (typeof options === "number") options = { timeout: options };
  if (options === undefined || options === null) options = {};
  if (typeof options !== "object") throw new P.TypeError(`${kind}(name, options, fn): options must be an object, not ${inspect(options)}`);
  // A timeout as the third argument, as Jest takes it.
  if (typeof fn === "number" && typeof name === "string") {
    options = { ...options, timeout: fn };
    fn = undefined;
  }
  const copy = {};
  for (const key of optionKeys) if (options[key] !== undefined) copy[key] = options[key];
  if (typeof name === "function" && fn === undefined) {
    fn = name;
    name = name.name || "<anonymous>";
  }
  if (fn !== undefined && typeof fn !== "function") throw new P.TypeError(`${kind}(name, options, fn): fn must be a function, not ${inspect(fn)}`);
  return { name: `${name}`, options: copy, fn };
}

function checkOpen(kind) {
  if (declarationsClosed) throw new P.Error(`${kind}() was called after the file had loaded; declare tests at the top level or inside describe()`);
}

function declareTest(name, options, fn, extra) {
  checkOpen("test");
  const args = normalizeArguments("test", name, options, fn);
  const opts = { ...args.options, ...extra };
  if (args.fn === undefined && !opts.skip) opts.todo = opts.todo ?? true;
  if (opts.only) hasOnly = true;
  const node = { kind: "test", id: nextId++, name: args.name, fn: args.fn, options: opts, parent: currentSuite, origin: here(), location: undefined };
  P.ArrayPrototypePush(currentSuite.children, node);
}

function declareSuite(name, options, fn, extra) {
  checkOpen("describe");
  const args = normalizeArguments("describe", name, options, fn);
  const opts = { ...args.options, ...extra };
  if (opts.only) hasOnly = true;
  const suite = makeSuite(args.name, opts, currentSuite, here());
  P.ArrayPrototypePush(currentSuite.children, suite);
  if (args.fn === undefined) {
    if (!opts.skip) suite.options.todo = true;
    return;
  }
  const outer = currentSuite;
  currentSuite = suite;
  try {
    const result = args.fn();
    if (result !== null && typeof result === "object" && typeof result.then === "function") {
      throw new P.Error(`describe("${suite.name}") returned a promise: a describe callback declares tests and must be synchronous`);
    }
  } finally {
    currentSuite = outer;
  }
}

function declareHook(kind) {
  return function hook(fn, timeout = undefined) {
    checkOpen(kind);
    if (typeof fn !== "function") throw new P.TypeError(`${kind}(fn): fn must be a function, not ${inspect(fn)}`);
    P.ArrayPrototypePush(currentSuite.hooks[kind], { kind, fn, timeout: typeof timeout === "object" ? timeout?.timeout : timeout, origin: here(), location: undefined });
  };
}

// .each: printf-like placeholders for array rows, $field (and $a.b) for object rows.
function formatEachName(template, row, index) {
  if (!P.ArrayIsArray(row)) {
    return P.StringPrototypeReplace(P.StringPrototypeReplace(template, /%#/g, `${index}`), /\$([A-Za-z_][\w.]*)/g, (whole, path) => {
      let value = row;
      for (const key of P.StringPrototypeSplit(path, ".")) value = value === null || value === undefined ? undefined : value[key];
      return typeof value === "string" ? value : inspect(value, { depth: 2, breakLength: Infinity });
    });
  }
  let next = 0;
  const named = P.StringPrototypeReplace(template, /%([sdifjo#%p])/g, (whole, kind) => {
    if (kind === "%") return "%";
    if (kind === "#") return `${index}`;
    const value = row[next++];
    switch (kind) {
      case "s": return typeof value === "string" ? value : inspect(value, { breakLength: Infinity });
      case "d": case "i": {
        const number = P.Number(value);
        return kind === "i" ? `${P.MathTrunc(number)}` : `${number}`;
      }
      case "f": return `${P.Number(value)}`;
      case "j": try { return P.JSONStringify(value); } catch { return "[Circular]"; }
      default: return inspect(value, { breakLength: Infinity });
    }
  });
  return named;
}

function eachOf(declare) {
  return function each(table) {
    if (!P.ArrayIsArray(table)) throw new P.TypeError(`.each(table): table must be an array, not ${inspect(table)}`);
    return function declareEach(name, options, fn) {
      if (typeof options === "function" && fn === undefined) {
        fn = options;
        options = undefined;
      }
      if (typeof fn !== "function") throw new P.TypeError(".each(table)(name, fn): fn must be a function");
      for (let i = 0; i < table.length; i++) {
        const row = table[i];
        // A table of arrays spreads each row; any other row is one argument.
        const args = P.ArrayIsArray(row) ? row : [row];
        const title = formatEachName(`${name}`, P.ArrayIsArray(row) ? row : (row !== null && typeof row === "object" ? row : [row]), i);
        declare(title, options, function (...rest) { return P.ReflectApply(fn, this, [...args, ...rest]); });
      }
    };
  };
}

function withModifiers(declare) {
  const plain = (name, options, fn) => declare(name, options, fn, {});
  plain.skip = (name, options, fn) => declare(name, options, fn, { skip: true });
  plain.only = (name, options, fn) => declare(name, options, fn, { only: true });
  plain.todo = (name, options, fn) => declare(name, options, fn, { todo: true });
  plain.each = eachOf(plain);
  plain.skip.each = eachOf(plain.skip);
  plain.only.each = eachOf(plain.only);
  return plain;
}

const test = withModifiers(declareTest);
const describe = withModifiers(declareSuite);

internals.testRegistry = {
  root,
  callerLocation,
  shortStack,
  locationOf,
  get hasOnly() { return hasOnly; },
  newId: () => nextId++,
  closeDeclarations() { declarationsClosed = true; },
  /// The names from the file's root down to `node` ("describe › test").
  fullName(node) {
    const names = [];
    for (let n = node; n !== null && n !== root; n = n.parent) ArrayPrototypeUnshift(names, n.name);
    return P.ArrayPrototypeJoin(names, " › ");
  },
};
internals.testDeclarations = {
  test, it: test, describe,
  beforeAll: declareHook("beforeAll"), afterAll: declareHook("afterAll"),
  beforeEach: declareHook("beforeEach"), afterEach: declareHook("afterEach"),
};
