// SPDX-License-Identifier: MIT
// Timers and microtask queuing (HTML §8.6 "Timers", §8.7 "Microtask queuing"). Swift schedules
// (host.timerStart / host.timerCancel, ordered by deadline then by start); this file keeps the
// ids, handlers, arguments and nesting levels, and fires each timer as its own task.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const globalObject = globalThis;

/// The map of active timers, keyed by id. User ids count up from 1; the runtime's own timers
/// (AbortSignal.timeout) count down from -1 so clearTimeout can never reach them.
const activeTimers = new P.Map();
let nextUserId = 1;
let nextInternalId = -1;
/// The timer nesting level of the task running now (0 outside timer tasks).
let currentNestingLevel = 0;

// https://html.spec.whatwg.org/#timer-initialisation-steps
function initializeTimer(method, handler, timeout, args, repeat) {
  const prefix = `Failed to execute '${method}'`;
  // Deviation: string handlers would be compiled as code (HTML step 8.2); wsjs refuses them, as
  // code built from strings is almost always a bug in a test script. Deno and Node accept them.
  if (typeof handler !== "function") {
    throw new P.TypeError(`${prefix}: the handler must be a function; string handlers are not supported.`);
  }
  // WebIDL `long timeout = 0`; 4. If timeout is less than 0, then set timeout to 0.
  timeout = webidl.converters.long(timeout, prefix, "Argument 2");
  if (timeout < 0) timeout = 0;
  const id = nextUserId++;
  const timer = { id, handler, args, repeat, timeout, nesting: 0, keepAlive: true };
  P.MapPrototypeSet(activeTimers, id, timer);
  // wsjs test: the runner notes who created the timer (leak check).
  if (internals.timerCreated !== undefined) internals.timerCreated(timer);
  schedule(timer, currentNestingLevel);
  return id;
}

/// Steps 5–6 and 10: clamp to 4 ms past nesting level 5; the task's level is one deeper.
function schedule(timer, nestingLevel) {
  let timeout = timer.timeout;
  if (nestingLevel > 5 && timeout < 4) timeout = 4;
  timer.nesting = nestingLevel + 1;
  host.timerStart(timer.id, timeout, timer.keepAlive);
}

/// Called by the host when a timer's deadline has come: one task per timer.
function fireTimer(id) {
  const timer = P.MapPrototypeGet(activeTimers, id);
  // 8.1 If id does not exist in the map of active timers (cleared meanwhile), abort.
  if (timer === undefined) return;
  if (!timer.repeat) P.MapPrototypeDelete(activeTimers, id);
  const outerLevel = currentNestingLevel;
  currentNestingLevel = timer.nesting;
  try {
    P.ReflectApply(timer.handler, globalObject, timer.args);
  } catch (error) {
    internals.require("errors").reportException(error);
  } finally {
    currentNestingLevel = outerLevel;
  }
  // 8.4 For repeating timers still active, run the steps again with the same id.
  if (timer.repeat && P.MapPrototypeGet(activeTimers, id) === timer) schedule(timer, timer.nesting);
}

function clearTimer(method, id) {
  // The id is `optional long id = 0`; removing an id that is not there does nothing.
  id = webidl.converters.long(id, `Failed to execute '${method}'`, "Argument 1");
  if (id <= 0) return;
  if (P.MapPrototypeDelete(activeTimers, id)) host.timerCancel(id);
}

/// A timer for the runtime's own use, invisible to clearTimeout. Returns a cancel function.
function startInternalTimer(milliseconds, callback, { keepAlive = true } = {}) {
  const id = nextInternalId--;
  const timer = { id, handler: callback, args: [], repeat: false, timeout: milliseconds, nesting: 0, keepAlive };
  P.MapPrototypeSet(activeTimers, id, timer);
  host.timerStart(id, milliseconds, keepAlive);
  return () => {
    if (P.MapPrototypeDelete(activeTimers, id)) host.timerCancel(id);
  };
}

const resolvedPromise = P.PromiseResolve();

// https://html.spec.whatwg.org/#microtask-queuing
function queueMicrotask(callback) {
  const prefix = "Failed to execute 'queueMicrotask'";
  webidl.requiredArguments(arguments.length, 1, prefix);
  if (typeof callback !== "function") throw webidl.makeException(P.TypeError, "The callback provided as parameter 1 is not a function.", prefix);
  // A promise reaction is a microtask; an exception is reported, not turned into a rejection.
  P.PromisePrototypeThen(resolvedPromise, () => {
    try {
      callback();
    } catch (error) {
      internals.require("errors").reportException(error);
    }
  });
}

const timerFunctions = {
  setTimeout(handler, timeout = 0, ...args) {
    return initializeTimer("setTimeout", handler, timeout, args, false);
  },
  setInterval(handler, timeout = 0, ...args) {
    return initializeTimer("setInterval", handler, timeout, args, true);
  },
  clearTimeout(id = 0) {
    clearTimer("clearTimeout", id);
  },
  clearInterval(id = 0) {
    clearTimer("clearInterval", id);
  },
  queueMicrotask,
};

P.ObjectAssign(internals, timerFunctions);
internals.startInternalTimer = startInternalTimer;
internals.fireTimer = fireTimer;
internals.timerIsActive = (id) => P.MapPrototypeHas(activeTimers, id);
