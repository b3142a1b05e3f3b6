// SPDX-License-Identifier: MIT
// wsjs test: the child side. One test file runs in this runtime; everything it observes goes to
// the parent as one JSON object per line on stdout (TestReport.swift reads them). The parent
// formats every report, so a file that crashes its runtime is still reported.
const P = internals.require("primordials").primordials;
internals.require("test/test-api");
const registry = internals.testRegistry;
const leaks = internals.testLeaks;
// Loaded when first needed (start-up is every file's cost).
const inspect = (value) => internals.require("inspect").inspect(value);
const formatStackFrames = (stack) => internals.require("inspect").formatStackFrames(stack);
const domException = (name, message) => internals.require("dom-exception").domException(name, message);
const ArrayPrototypeUnshift = P.uncurryThis(Array.prototype.unshift);
const ArrayPrototypeReverse = P.uncurryThis(Array.prototype.reverse);
const RegExpCtor = P.RegExp;

const config = P.ObjectAssign({ timeout: 5000, retry: 0, leakCheck: true, list: false }, JSON.parse(host.testWorker));
const file = config.file;
const filter = config.filter === undefined ? undefined
  : config.filter.source !== undefined ? new RegExpCtor(config.filter.source, config.filter.flags ?? "") : config.filter.text;

// Events ------------------------------------------------------------------------------------

const round = (ms) => P.MathRound(ms * 1000) / 1000;
// Events are written in batches: before each test runs, when 16 KiB have gathered, at the end
// of the task that made them (a 0 ms timer), and before the worker exits.
let pendingEvents = "";
let flushScheduled = false;
function flushEvents() {
  if (pendingEvents === "") return;
  const text = pendingEvents;
  pendingEvents = "";
  host.print(1, text);
}
function emit(event) {
  if (event.duration !== undefined) event.duration = round(event.duration);
  pendingEvents += P.JSONStringify(event) + "\n";
  if (pendingEvents.length > 16384) flushEvents();
  else if (!flushScheduled) {
    // At most one such timer is pending.
    flushScheduled = true;
    internals.startInternalTimer(0, () => {
      flushScheduled = false;
      flushEvents();
    });
  }
}
function exitWorker() {
  flushEvents();
  host.exit(0);
}
// The file's console output becomes `log` events of the test that printed it.
internals.consolePrint = (fd, text) => emit({ type: "log", test: current === null || current.node.kind !== "test" ? 0 : current.node.id, fd, text: `${text}` });

// Errors ------------------------------------------------------------------------------------

const isError = (value) => value !== null && typeof value === "object" && P.ObjectPrototypeToString(value) === "[object Error]";

/// The frame of the failing assertion: the first in the test file, else the first of a script.
function errorLocation(error) {
  let stack = "";
  try { stack = `${error.stack ?? ""}`; } catch {}
  const lines = P.StringPrototypeSplit(stack, "\n");
  for (let i = 0; i < lines.length; i++) {
    const location = registry.callerLocation(lines[i]);
    if (location !== undefined && location.file === file) return location;
  }
  if (isError(error) && error.sourceURL === file && error.line !== undefined) return { file, line: error.line, column: error.column ?? 0 };
  return registry.callerLocation(stack);
}

/// A module's frames name it by its file: URL; under the current directory, show the relative
/// path as a script's frames do.
function relativeModuleURLs(stack) {
  if (P.StringPrototypeIndexOf(stack, "file://") === -1) return stack;
  const directory = internals.require("modules").modules.pathToFileURL("./");
  return P.ArrayPrototypeJoin(P.StringPrototypeSplit(stack, directory), "");
}

function serializeError(error, fallbackLocation) {
  const out = {};
  if (isError(error)) {
    out.name = `${error.name}`;
    out.message = `${error.message}`;
    let stack = "";
    try { stack = relativeModuleURLs(formatStackFrames(`${error.stack ?? ""}`)); } catch {}
    if (stack !== "") out.stack = stack;
    if (P.ObjectPrototypeHasOwnProperty(error, "expected") || P.ObjectPrototypeHasOwnProperty(error, "actual")) {
      out.expected = typeof error.expected === "string" ? error.expected : inspect(error.expected);
      out.actual = typeof error.actual === "string" ? error.actual : inspect(error.actual);
    }
    if (typeof error.operator === "string") out.operator = error.operator;
    if (typeof error.diff === "string") out.diff = error.diff;
  } else {
    out.name = "Uncaught";
    out.message = inspect(error);
  }
  const location = (isError(error) ? errorLocation(error) : undefined) ?? fallbackLocation;
  if (location !== undefined) out.location = location;
  return out;
}

// Uncaught errors: they fail the running test, or else the file.
let current = null;
internals.testCurrentContext = () => current;
const fileErrors = [];
function uncaught(error, kind) {
  if (current !== null) {
    P.ArrayPrototypePush(current.errors, error);
    if (current.interrupt !== null) current.interrupt();
  } else {
    const serialized = serializeError(error);
    if (serialized.name === "Uncaught") {
      serialized.name = "";
      serialized.message = `${kind} ${serialized.message}`;
    } else {
      serialized.name = `${kind} ${serialized.name}`;
    }
    P.ArrayPrototypePush(fileErrors, serialized);
    if (started) emit({ type: "fileError", error: serialized });
  }
}
globalThis.addEventListener("error", (event) => {
  event.preventDefault();
  uncaught(event.error ?? event.message, "Uncaught");
});
globalThis.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  uncaught(event.reason, "Uncaught (in promise)");
});

// Running -----------------------------------------------------------------------------------

/// Calls `invoke` and settles when it returns, its promise settles, the timeout passes or an
/// uncaught error interrupts; the outcome lands in `ctx.errors`.
function runGuarded(ctx, invoke, timeout, what) {
  return new P.Promise((resolve) => {
    let settled = false;
    let cancelTimer = () => {};
    const finish = () => {
      if (settled) return;
      settled = true;
      cancelTimer();
      ctx.interrupt = null;
      resolve();
    };
    ctx.interrupt = finish;
    let result;
    try {
      result = invoke();
    } catch (error) {
      P.ArrayPrototypePush(ctx.errors, error);
      return finish();
    }
    if (result === null || (typeof result !== "object" && typeof result !== "function") || typeof result.then !== "function") return finish();
    // The timeout runs while the returned promise is pending (a synchronous function cannot be
    // interrupted). Deviation: a timeout of 0 means none (as node:test's Infinity).
    if (timeout > 0 && timeout < 2147483647) {
      cancelTimer = internals.startInternalTimer(timeout, () => {
        if (settled) return;
        const awaiting = ctx.awaiting.size === 0 ? "" : ` while awaiting ${P.ArrayPrototypeJoin([...ctx.awaiting], ", ")}`;
        const error = new P.Error(`${what === "test" ? "" : what + " "}timed out after ${timeout} ms${awaiting}`);
        error.name = "TimeoutError";
        error.stack = "";
        P.ArrayPrototypePush(ctx.errors, error);
        if (ctx.controllerMade !== undefined) ctx.controller.abort(domException("TimeoutError", `The ${what} timed out after ${timeout} ms.`));
        finish();
      });
    }
    P.PromisePrototypeThen(P.PromiseResolve(result), finish, (error) => {
      if (!settled) P.ArrayPrototypePush(ctx.errors, error);
      finish();
    });
  });
}

const now = () => host.now();

function inherited(node, key) {
  for (let n = node; n !== null; n = n.parent) if (n.options[key] !== undefined) return n.options[key];
  return undefined;
}

function selected(node) {
  if (registry.hasOnly && !inherited(node, "only")) return false;
  if (filter === undefined) return true;
  const name = registry.fullName(node);
  return typeof filter === "string" ? P.StringPrototypeIncludes(name, filter) : P.RegExpPrototypeTest(filter, name);
}

/// "run", "skip", "todo", or null (filtered out: not reported).
function plan(node) {
  if (node.kind === "suite") {
    let any = false;
    for (const child of node.children) if (plan(child) !== null) any = true;
    node.planned = any ? "run" : null;
    return node.planned;
  }
  if (!selected(node)) return (node.planned = null);
  if (inherited(node, "skip")) return (node.planned = "skip");
  if (inherited(node, "todo")) return (node.planned = "todo");
  return (node.planned = "run");
}
const runsSomething = (node) => node.kind === "test" ? node.planned === "run" : node.children.some(runsSomething);

/// A test's (or hook's) state while it runs. Its AbortController is made when t.signal is
/// first read; `made` counts the sockets and timers made meanwhile (test-leaks.js).
function newContext(node) {
  return {
    node, errors: [], interrupt: null, controllerMade: undefined, awaiting: new P.Set(), afters: [], skipReason: undefined,
    assertions: { count: 0, expected: undefined, has: false }, made: 0,
    get controller() { return (this.controllerMade ??= new (internals.require("abort").AbortController)()); },
  };
}

function makeT(ctx) {
  const node = ctx.node;
  return P.ObjectFreeze({
    name: node.name,
    fullName: registry.fullName(node),
    get signal() { return ctx.controller.signal; },
    skip(reason = "") { ctx.skipReason = `${reason}`; },
    todo(reason = "") { ctx.skipReason = `${reason}`; ctx.todo = true; },
    after(fn) {
      if (typeof fn !== "function") throw new P.TypeError("t.after(fn): fn must be a function");
      P.ArrayPrototypePush(ctx.afters, fn);
    },
    step(name, options, fn) {
      if (typeof options === "function") { fn = options; options = {}; }
      const step = { kind: "test", id: registry.newId(), name: `${name}`, fn, options: options ?? {}, parent: node, location: registry.callerLocation(new P.Error().stack), planned: "run" };
      return runTest(step, ctx);
    },
  });
}

function hooksOf(node, kind) {
  const chain = [];
  for (let s = node.parent; s !== null; s = s.parent) ArrayPrototypeUnshift(chain, s);
  const hooks = [];
  for (const suite of chain) if (suite.hooks !== undefined) for (const hook of suite.hooks[kind]) P.ArrayPrototypePush(hooks, hook);
  return kind === "afterEach" ? ArrayPrototypeReverse(hooks) : hooks;
}

const timeoutOf = (node) => inherited(node, "timeout") ?? config.timeout;

let failures = 0;
let bail = false;

async function runTest(node, parentCtx = null) {
  const where = config.locations ? registry.locationOf(node) : undefined;
  emit({ type: "start", id: node.id, parent: node.parent === registry.root ? 0 : node.parent.id, name: node.name, line: where?.line ?? 0, column: where?.column ?? 0, step: parentCtx !== null, timeout: timeoutOf(node) });
  if (node.planned !== "run" || bail) {
    const status = node.planned === "todo" ? "todo" : "skip";
    emit({ type: "result", id: node.id, status, duration: 0, reason: bail ? "--fail-fast" : inherited(node, status === "todo" ? "todo" : "skip") === true ? "" : `${inherited(node, status) ?? ""}` });
    return;
  }
  // What came before this test is out before it runs: a test that ends the process (or
  // crashes its runtime) still leaves the earlier results, and its own start, behind.
  flushEvents();
  const retries = inherited(node, "retry") ?? config.retry;
  const leakCheck = config.leakCheck && inherited(node, "leakCheck") !== false;
  let attempt = 0;
  for (;;) {
    const ctx = newContext(node);
    const outer = current;
    const started = now();
    current = ctx;
    if (parentCtx === null) leaks.setOwner(ctx);
    const t = makeT(ctx);
    const each = parentCtx === null ? hooksOf(node, "beforeEach") : [];
    for (const hook of each) {
      await runGuarded(ctx, () => P.ReflectApply(hook.fn, undefined, [t]), hook.timeout ?? timeoutOf(node), "beforeEach hook");
      if (ctx.errors.length !== 0) break;
    }
    if (ctx.errors.length === 0) {
      await runGuarded(ctx, () => P.ReflectApply(node.fn, undefined, [t]), timeoutOf(node), "test");
      const assertionError = internals.testExpectState?.end(ctx);
      if (assertionError !== undefined && ctx.errors.length === 0) P.ArrayPrototypePush(ctx.errors, assertionError);
    }
    const afterEach = parentCtx === null ? hooksOf(node, "afterEach") : [];
    for (const hook of afterEach) await runGuarded(ctx, () => P.ReflectApply(hook.fn, undefined, [t]), hook.timeout ?? timeoutOf(node), "afterEach hook");
    // t.after callbacks run last, in reverse order, even when the test failed.
    for (let i = ctx.afters.length - 1; i >= 0; i--) await runGuarded(ctx, () => ctx.afters[i](t), timeoutOf(node), "t.after callback");
    if (ctx.controllerMade !== undefined && !ctx.controller.signal.aborted) ctx.controller.abort(domException("AbortError", "The test has ended."));
    if (parentCtx === null) {
      const lines = ctx.made === 0 ? [] : await leaks.collectLeaks(ctx, leakCheck);
      leaks.setOwner(null);
      if (lines.length !== 0) {
        const error = new P.Error(P.ArrayPrototypeJoin(lines, "\n"));
        error.stack = "";
        error.name = "Leak";
        P.ArrayPrototypePush(ctx.errors, error);
      }
    }
    current = outer;
    const duration = now() - started;
    if (ctx.errors.length === 0 && ctx.skipReason !== undefined) {
      emit({ type: "result", id: node.id, status: ctx.todo ? "todo" : "skip", duration, reason: ctx.skipReason });
      return;
    }
    if (ctx.errors.length === 0) {
      emit({ type: "result", id: node.id, status: "pass", duration, retries: attempt });
      return;
    }
    if (attempt < retries) {
      attempt++;
      continue;
    }
    const errors = P.ArrayPrototypeMap(ctx.errors, (error) => serializeError(error, registry.locationOf(node)));
    emit({ type: "result", id: node.id, status: "fail", duration, retries: attempt, error: errors[0], errors: P.ArrayPrototypeSlice(errors, 1) });
    if (parentCtx !== null) P.ArrayPrototypePush(parentCtx.errors, stepFailure(node));
    else countFailure();
    return;
  }
}

function stepFailure(node) {
  const error = new P.Error(`step "${node.name}" failed`);
  error.stack = "";
  return error;
}

function countFailure() {
  failures++;
  if (config.failFast !== undefined && failures >= config.failFast) bail = true;
}

/// A hook outside any test failed: reported as a failed test named after the hook.
function hookFailure(suite, hook, errors) {
  const id = registry.newId();
  const where = registry.locationOf(hook);
  emit({ type: "start", id, parent: suite === registry.root ? 0 : suite.id, name: `${hook.kind} hook`, line: where?.line ?? 0, column: where?.column ?? 0 });
  const serialized = P.ArrayPrototypeMap(errors, (error) => serializeError(error, where));
  emit({ type: "result", id, status: "fail", duration: 0, error: serialized[0], errors: P.ArrayPrototypeSlice(serialized, 1) });
  countFailure();
}

async function runSuite(suite) {
  if (suite !== registry.root) {
    const where = config.locations ? registry.locationOf(suite) : undefined;
    emit({ type: "suite", id: suite.id, parent: suite.parent === registry.root ? 0 : suite.parent.id, name: suite.name, line: where?.line ?? 0, column: where?.column ?? 0 });
  }
  const active = runsSomething(suite) && !bail;
  let beforeAllFailed = false;
  if (active) {
    for (const hook of suite.hooks.beforeAll) {
      const ctx = newContext(suite);
      current = ctx;
      await runGuarded(ctx, () => hook.fn(), hook.timeout ?? config.timeout, "beforeAll hook");
      current = null;
      if (ctx.errors.length !== 0) {
        hookFailure(suite, hook, ctx.errors);
        beforeAllFailed = true;
        break;
      }
    }
  }
  const children = config.seed === undefined ? suite.children : shuffled(suite.children);
  for (const child of children) {
    if (child.planned === null) continue;
    // One task between tests when the last one made sockets or timers: callbacks it left due
    // now run before the next test starts (an error thrown by one fails the file, not the
    // next test).
    if (madeSinceLastTask) {
      madeSinceLastTask = false;
      await nextTask();
    }
    if (beforeAllFailed) markSkipped(child, "a beforeAll hook failed");
    if (child.kind === "suite") await runSuite(child);
    else await runTest(child);
  }
  if (active && !beforeAllFailed) {
    for (const hook of suite.hooks.afterAll) {
      const ctx = newContext(suite);
      current = ctx;
      await runGuarded(ctx, () => hook.fn(), hook.timeout ?? config.timeout, "afterAll hook");
      current = null;
      if (ctx.errors.length !== 0) hookFailure(suite, hook, ctx.errors);
    }
  }
  if (suite !== registry.root) emit({ type: "suiteEnd", id: suite.id });
}

let madeSinceLastTask = true;
internals.testMadeSomething = () => { madeSinceLastTask = true; };
const nextTask = () => new P.Promise((resolve) => internals.startInternalTimer(0, resolve));

function markSkipped(node, reason) {
  if (node.kind === "suite") { for (const child of node.children) markSkipped(child, reason); return; }
  if (node.planned === "run") { node.planned = "skip"; node.options.skip = reason; }
}

// A seeded shuffle (mulberry32), so `--shuffle=SEED` repeats a run.
let seedState = (config.seed ?? 0) >>> 0;
function random() {
  seedState = (seedState + 0x6d2b79f5) >>> 0;
  let t = seedState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function shuffled(list) {
  const copy = P.ArrayPrototypeSlice(list);
  for (let i = copy.length - 1; i > 0; i--) {
    const j = P.MathFloor(random() * (i + 1));
    const item = copy[i];
    copy[i] = copy[j];
    copy[j] = item;
  }
  return copy;
}

function listTests(node) {
  for (const child of node.children) {
    if (child.planned === null) continue;
    if (child.kind === "suite") listTests(child);
    else emit({ type: "list", name: registry.fullName(child), status: child.planned, line: registry.locationOf(child)?.line ?? 0 });
  }
}

let started = false;
async function start() {
  started = true;
  registry.closeDeclarations();
  const began = now();
  if (fileErrors.length !== 0) {
    // The file threw while loading: none of its tests run.
    for (const error of fileErrors) emit({ type: "fileError", error });
  } else {
    plan(registry.root);
    if (config.list) listTests(registry.root);
    else await runSuite(registry.root);
  }
  const lines = await leaks.collectLeaks(null, config.leakCheck && !config.list);
  for (const line of lines) emit({ type: "fileError", error: { name: "Leak", message: `${line} (outside any test)` } });
  emit({ type: "end", duration: now() - began });
  exitWorker();
}

// The file's script runs first; the tests start in the task after it.
internals.startInternalTimer(0, () => {
  P.PromisePrototypeThen(start(), undefined, (error) => {
    emit({ type: "fileError", error: serializeError(error) });
    emit({ type: "end", duration: 0 });
    exitWorker();
  });
});

// The API as globals, as Jest, Vitest and Bun offer them; expect, assert and once as accessors
// that load their module on first use and then become data properties (as bootstrap.js does).
const declarations = internals.testDeclarations;
for (const name of P.ObjectKeys(declarations)) {
  P.ObjectDefineProperty(globalThis, name, { value: declarations[name], writable: true, enumerable: false, configurable: true });
}
for (const name of P.ObjectKeys(internals.testLazyExports)) {
  const load = internals.testLazyExports[name];
  P.ObjectDefineProperty(globalThis, name, {
    get() {
      const value = load();
      P.ObjectDefineProperty(globalThis, name, { value, writable: true, enumerable: false, configurable: true });
      return value;
    },
    set(value) {
      P.ObjectDefineProperty(globalThis, name, { value, writable: true, enumerable: false, configurable: true });
    },
    enumerable: false,
    configurable: true,
  });
}
