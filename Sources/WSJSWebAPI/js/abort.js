// SPDX-License-Identifier: MIT
// AbortController and AbortSignal (https://dom.spec.whatwg.org/#aborting-ongoing-activities).
const P = internals.require("primordials").primordials;
const { webidl, EventTarget, Event, domException, makeTrusted } = internals.require("event-target", "dom-exception");

const constructorKey = P.Symbol("AbortSignal");
let signalState;

class AbortSignal extends EventTarget {
  #state = { aborted: false, reason: undefined, algorithms: [], dependent: false, sources: [], dependents: [] };

  constructor(key = undefined) {
    if (key !== constructorKey) webidl.illegalConstructor();
    super();
  }

  static {
    signalState = (signal) => {
      if (signal === null || typeof signal !== "object" || !(#state in signal)) throw webidl.invalidThis("AbortSignal");
      return signal.#state;
    };
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-abort
  static abort(reason = undefined) {
    const signal = new AbortSignal(constructorKey);
    const state = signalState(signal);
    state.aborted = true;
    state.reason = reason !== undefined ? reason : domException("AbortError", "The operation was aborted.");
    return signal;
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-timeout
  static timeout(milliseconds) {
    const prefix = webidl.operationPrefix("AbortSignal", "timeout");
    webidl.requiredArguments(arguments.length, 1, prefix);
    milliseconds = webidl.converters["unsigned long long"](milliseconds, prefix, "Argument 1", { enforceRange: true });
    const signal = new AbortSignal(constructorKey);
    // The timer does not keep the process alive (as in Deno and Node): the signal is only
    // interesting while something else waits on it.
    internals.require("timers").startInternalTimer(milliseconds, () => {
      signalAbort(signal, domException("TimeoutError", "The operation timed out."));
    }, { keepAlive: false });
    return signal;
  }

  // https://dom.spec.whatwg.org/#dom-abortsignal-any
  static any(signals) {
    const prefix = webidl.operationPrefix("AbortSignal", "any");
    webidl.requiredArguments(arguments.length, 1, prefix);
    signals = webidl.createSequenceConverter(convertAbortSignal)(signals, prefix, "Argument 1");
    const result = new AbortSignal(constructorKey);
    const resultState = signalState(result);
    // 2. If any signal is aborted, the result is aborted with its reason.
    for (const signal of signals) {
      const state = signalState(signal);
      if (state.aborted) {
        resultState.aborted = true;
        resultState.reason = state.reason;
        return result;
      }
    }
    // 3–4. Otherwise depend on every non-dependent source signal.
    resultState.dependent = true;
    for (const signal of signals) {
      const state = signalState(signal);
      const sources = state.dependent ? state.sources : [signal];
      for (const source of sources) {
        if (P.ArrayPrototypeIncludes(resultState.sources, source)) continue;
        P.ArrayPrototypePush(resultState.sources, source);
        P.ArrayPrototypePush(signalState(source).dependents, result);
      }
    }
    return result;
  }

  get aborted() {
    return signalState(this).aborted;
  }

  get reason() {
    return signalState(this).reason;
  }

  throwIfAborted() {
    const state = signalState(this);
    if (state.aborted) throw state.reason;
  }
}

internals.defineEventHandler(AbortSignal.prototype, "abort");
webidl.configureInterface(AbortSignal);

// https://dom.spec.whatwg.org/#abortsignal-signal-abort
function signalAbort(signal, reason) {
  const state = signalState(signal);
  // 1. If signal is aborted, then return.
  if (state.aborted) return;
  // 2. Set signal's abort reason.
  state.aborted = true;
  state.reason = reason !== undefined ? reason : domException("AbortError", "The operation was aborted.");
  // 3. Collect the dependent signals that are not yet aborted, giving them the same reason.
  const toAbort = [];
  for (const dependent of state.dependents) {
    const dependentState = signalState(dependent);
    if (!dependentState.aborted) {
      dependentState.aborted = true;
      dependentState.reason = state.reason;
      P.ArrayPrototypePush(toAbort, dependent);
    }
  }
  // 4. Run the abort steps for signal, then 5. for each dependent signal.
  runAbortSteps(signal);
  for (const dependent of toAbort) runAbortSteps(dependent);
}

// https://dom.spec.whatwg.org/#run-the-abort-steps
function runAbortSteps(signal) {
  const state = signalState(signal);
  // 1. Run each abort algorithm, 2. empty the list, 3. fire "abort" (trusted).
  const algorithms = state.algorithms;
  state.algorithms = [];
  for (const algorithm of algorithms) algorithm();
  internals.dispatchEvent(signal, makeTrusted(new Event("abort")));
}

class AbortController {
  #signal = new AbortSignal(constructorKey);

  constructor() {}

  get signal() {
    if (!(#signal in this)) throw webidl.invalidThis("AbortController");
    return this.#signal;
  }

  abort(reason = undefined) {
    if (!(#signal in this)) throw webidl.invalidThis("AbortController");
    signalAbort(this.#signal, reason);
  }
}

webidl.configureInterface(AbortController);

function convertAbortSignal(value, prefix, context) {
  if (value === null || typeof value !== "object" || !(value instanceof AbortSignal)) {
    throw webidl.makeException(P.TypeError, "is not of type 'AbortSignal'.", prefix, context);
  }
  signalState(value);
  return value;
}

internals.convertAbortSignal = convertAbortSignal;
internals.addAbortAlgorithm = (signal, algorithm) => {
  const state = signalState(signal);
  if (!state.aborted) P.ArrayPrototypePush(state.algorithms, algorithm);
};
/// https://dom.spec.whatwg.org/#abortsignal-remove
internals.removeAbortAlgorithm = (signal, algorithm) => {
  const state = signalState(signal);
  const index = P.ArrayPrototypeIndexOf(state.algorithms, algorithm);
  if (index !== -1) P.ArrayPrototypeSplice(state.algorithms, index, 1);
};
/// A signal's aborted flag and abort reason, read without its (patchable) getters.
internals.isAborted = (signal) => signalState(signal).aborted;
internals.abortReason = (signal) => signalState(signal).reason;
internals.signalAbort = signalAbort;
internals.AbortSignal = AbortSignal;
internals.AbortController = AbortController;
