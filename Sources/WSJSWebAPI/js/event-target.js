// SPDX-License-Identifier: MIT
// EventTarget (https://dom.spec.whatwg.org/#interface-eventtarget), the dispatch algorithm for
// targets without a parent, and event handler attributes (HTML §8.1.8).
const P = internals.require("primordials").primordials;
const { webidl, eventState, Event } = internals.require("event");
const { AT_TARGET, NONE } = internals.eventPhases;
const globalObject = globalThis;

/// Listener lists and event handlers of the global object, which is not constructed by
/// EventTarget and so cannot carry its private field. Listener lists and handlers are keyed by
/// type in objects without a prototype (nothing a script patches is consulted): a property
/// read, where a Map lookup through the captured Map.prototype.get cost ~45 ns, and a Map per
/// target cost memory for every socket.
const globalTargetState = { listeners: P.ObjectCreate(null), handlers: P.ObjectCreate(null) };

let targetStateOf;

const addListenerOptions = webidl.createDictionaryConverter("AddEventListenerOptions", [
  { key: "capture", converter: webidl.converters.boolean, defaultValue: false },
  { key: "once", converter: webidl.converters.boolean, defaultValue: false },
  { key: "passive", converter: webidl.converters.boolean },
  { key: "signal", converter: (value, prefix, context) => internals.require("abort").convertAbortSignal(value, prefix, context) },
]);

// https://dom.spec.whatwg.org/#concept-flatten-options
function flattenOptions(options) {
  return webidl.type(options) === "Object" ? !!options.capture : !!options;
}

function callbackOrNull(value, prefix) {
  if (value === null || value === undefined) return null;
  if (webidl.type(value) !== "Object") throw webidl.makeException(P.TypeError, "parameter 2 is not of type 'Object'.", prefix);
  return value;
}

class EventTarget {
  #state = { listeners: P.ObjectCreate(null), handlers: P.ObjectCreate(null) };

  constructor() {}

  static {
    targetStateOf = (target) => {
      // WebIDL: operations on the global object accept an undefined `this` (a bare call).
      if (target === undefined || target === null || target === globalObject) return globalTargetState;
      if (typeof target !== "object" && typeof target !== "function") throw webidl.invalidThis("EventTarget");
      if (!(#state in target)) throw webidl.invalidThis("EventTarget");
      return target.#state;
    };
  }

  addEventListener(type, callback, options = undefined) {
    const target = this ?? globalObject;
    const state = targetStateOf(target);
    const prefix = webidl.operationPrefix("EventTarget", "addEventListener");
    webidl.requiredArguments(arguments.length, 2, prefix);
    type = webidl.converters.DOMString(type, prefix, "Argument 1");
    callback = callbackOrNull(callback, prefix);
    // https://dom.spec.whatwg.org/#event-flatten-more
    const flat = webidl.type(options) === "Object"
      ? addListenerOptions(options, prefix, "Argument 3")
      : { capture: !!options, once: false, passive: undefined, signal: undefined };
    addEventListener(target, state, {
      type,
      callback,
      capture: flat.capture,
      once: flat.once,
      // "default passive value" is false for every target wsjs has.
      passive: flat.passive ?? false,
      signal: flat.signal ?? null,
      removed: false,
      handler: undefined,
    });
  }

  removeEventListener(type, callback, options = undefined) {
    const target = this ?? globalObject;
    const state = targetStateOf(target);
    const prefix = webidl.operationPrefix("EventTarget", "removeEventListener");
    webidl.requiredArguments(arguments.length, 2, prefix);
    type = webidl.converters.DOMString(type, prefix, "Argument 1");
    callback = callbackOrNull(callback, prefix);
    const capture = flattenOptions(options);
    const list = state.listeners[type];
    if (!list) return;
    for (let i = 0; i < list.length; i++) {
      const listener = list[i];
      if (listener.callback === callback && listener.capture === capture) {
        removeListener(state, listener);
        return;
      }
    }
  }

  dispatchEvent(event) {
    const target = this ?? globalObject;
    targetStateOf(target);
    const prefix = webidl.operationPrefix("EventTarget", "dispatchEvent");
    webidl.requiredArguments(arguments.length, 1, prefix);
    if (!(event instanceof Event)) throw webidl.makeException(P.TypeError, "parameter 1 is not of type 'Event'.", prefix);
    const state = eventState(event);
    // 1. If event's dispatch flag is set, or if its initialized flag is not set, throw.
    if (state.dispatching || !state.initialized) {
      throw internals.require("dom-exception").domException("InvalidStateError", `${prefix}: The event is already being dispatched.`);
    }
    // 2. Initialize event's isTrusted attribute to false.
    state.trusted = false;
    // 3. Return the result of dispatching event to this.
    return dispatch(target, event);
  }
}

// https://dom.spec.whatwg.org/#add-an-event-listener
function addEventListener(target, state, listener) {
  // 2. If listener's signal is not null and is aborted, then return.
  if (listener.signal !== null && listener.signal.aborted) return;
  // 3. If listener's callback is null, then return.
  if (listener.callback === null) return;
  // 4. Append listener unless one with the same type, callback and capture is already there.
  let list = state.listeners[listener.type];
  if (!list) {
    list = [];
    state.listeners[listener.type] = list;
  }
  for (let i = 0; i < list.length; i++) {
    if (list[i].callback === listener.callback && list[i].capture === listener.capture) return;
  }
  list[list.length] = listener;
  // 5. If listener's signal is not null, add an abort step that removes the listener.
  if (listener.signal !== null) {
    internals.addAbortAlgorithm(listener.signal, () => removeListener(state, listener));
  }
}

// https://dom.spec.whatwg.org/#remove-an-event-listener
function removeListener(state, listener) {
  listener.removed = true;
  const list = state.listeners[listener.type];
  if (!list) return;
  const index = P.ArrayPrototypeIndexOf(list, listener);
  if (index !== -1) P.ArrayPrototypeSplice(list, index, 1);
}

// https://dom.spec.whatwg.org/#concept-event-dispatch, for a target with no parent: the event path
// is the target alone, so capture listeners run, then the others, both AT_TARGET.
function dispatch(target, event) {
  const state = eventState(event);
  // 1. Set event's dispatch flag.
  state.dispatching = true;
  // 5.4–5.5 (no retargeting without a tree): the target is the target.
  state.target = target;
  state.phase = AT_TARGET;
  // The capturing pass runs only when a capture listener is registered now: otherwise it would
  // call nothing and run no script, so skipping it is unobservable (the common case is fast).
  const list = targetStateOf(target).listeners[state.type];
  if (list !== undefined && list.length === 1 && list[0].handler !== undefined) {
    // The common case, one event handler and no other listener: what invoke and innerInvoke
    // do for that listener (not capturing, not once, not passive), without cloning the list.
    state.currentTarget = target;
    if (!state.stopPropagation && !list[0].removed) {
      try {
        processEventHandler(target, list[0].handler, event);
      } catch (error) {
        internals.require("errors").reportException(error);
      }
    }
  } else if (list !== undefined && list.length > 0) {
    let capturing = false;
    for (let i = 0; i < list.length; i++) {
      if (list[i].capture) {
        capturing = true;
        break;
      }
    }
    if (capturing) {
      invoke(target, event, state, true, undefined);
      invoke(target, event, state, false, undefined);
    } else {
      // No listener ran yet, so the list read above is the one invoke would read.
      invoke(target, event, state, false, list);
    }
  } else {
    state.currentTarget = target;
  }
  // 6–10. Reset phase, current target, the propagation flags and the dispatch flag.
  state.phase = NONE;
  state.currentTarget = null;
  state.dispatching = false;
  state.stopPropagation = false;
  state.stopImmediatePropagation = false;
  // 12. Return false if event's canceled flag is set; otherwise true.
  return !state.canceled;
}

// https://dom.spec.whatwg.org/#concept-event-listener-invoke
function invoke(target, event, state, capturing, current) {
  // 3. If event's stop propagation flag is set, then return.
  if (state.stopPropagation) return;
  state.currentTarget = target;
  const list = current ?? targetStateOf(target).listeners[state.type];
  if (!list || list.length === 0) return;
  // 5. Clone the listener list, so listeners added during dispatch do not run now (a list of
  // one is its own clone: innerInvoke reads it once, before any listener runs).
  innerInvoke(target, event, state, list.length === 1 ? [list[0]] : P.ArrayPrototypeSlice(list), capturing);
}

// https://dom.spec.whatwg.org/#concept-event-listener-inner-invoke
function innerInvoke(target, event, state, listeners, capturing) {
  for (let i = 0; i < listeners.length; i++) {
    const listener = listeners[i];
    // 2.1 A listener removed meanwhile does not run; 2.3–2.4 match the phase.
    if (listener.removed || listener.capture !== capturing) continue;
    // 2.5 If listener's once is true, remove it.
    if (listener.once) removeListener(targetStateOf(target), listener);
    // 2.9 If listener's passive is true, set event's in passive listener flag.
    if (listener.passive) state.inPassiveListener = true;
    // 2.10 Call a user object's operation with "handleEvent"; report any exception.
    try {
      const callback = listener.callback;
      if (listener.handler !== undefined) {
        // An event handler's own listener: its callback (an internal function that ignores
        // `this`) would only run the processing algorithm, so run that directly.
        processEventHandler(target, listener.handler, event);
      } else if (typeof callback === "function") {
        P.ReflectApply(callback, target, [event]);
      } else {
        const handleEvent = callback.handleEvent;
        if (typeof handleEvent !== "function") throw new P.TypeError("'handleEvent' property of the event listener is not callable.");
        P.ReflectApply(handleEvent, callback, [event]);
      }
    } catch (error) {
      internals.require("errors").reportException(error);
    }
    // 2.11 Unset the in passive listener flag; 2.13 stop if stopImmediatePropagation was called.
    state.inPassiveListener = false;
    if (state.stopImmediatePropagation) return;
  }
}

/// Defines `on<name>` on a prototype as an event handler IDL attribute (HTML §8.1.8.1). The
/// listener is added when the handler first becomes non-null and keeps its position when the
/// handler is replaced; setting null removes it.
function defineEventHandler(prototype, name, target = undefined) {
  const property = `on${name}`;
  P.ObjectDefineProperty(prototype, property, {
    get() {
      const state = targetStateOf(target ?? this);
      return state.handlers[name]?.value ?? null;
    },
    set(value) {
      const self = target ?? this;
      const state = targetStateOf(self);
      // EventHandler: WebIDL §3.2.23, a callback function with [LegacyTreatNonObjectAsNull]:
      // non-objects become null.
      if ((typeof value !== "object" || value === null) && typeof value !== "function") value = null;
      let handler = state.handlers[name];
      if (value === null) {
        if (handler) {
          removeListener(state, handler.listener);
          delete state.handlers[name];
        }
        return;
      }
      if (handler) {
        handler.value = value;
        return;
      }
      handler = { value, listener: null };
      handler.listener = {
        type: name,
        // Never called: dispatch and innerInvoke run the handler's processing algorithm for
        // a listener with a `handler`. Non-null (a null callback is never added) and unique
        // to this target and type, as the duplicate check in addEventListener needs.
        callback: handler,
        capture: false,
        once: false,
        passive: false,
        signal: null,
        removed: false,
        handler,
      };
      state.handlers[name] = handler;
      addEventListener(self, state, handler.listener);
    },
    enumerable: true,
    configurable: true,
  });
}

// https://html.spec.whatwg.org/#the-event-handler-processing-algorithm
function processEventHandler(target, handler, event) {
  const callback = handler.value;
  if (typeof callback !== "function") return;
  let result;
  // 3. The global onerror handler gets (message, filename, lineno, colno, error) for ErrorEvents.
  if (target === globalObject && eventState(event).type === "error" && event instanceof internals.require("events-extra").ErrorEvent) {
    result = P.ReflectApply(callback, target, [event.message, event.filename, event.lineno, event.colno, event.error]);
    // 5. For that special case, returning true cancels the event.
    if (result === true) event.preventDefault();
    return;
  }
  result = P.ReflectApply(callback, target, [event]);
  // 5. Otherwise returning false cancels it.
  if (result === false) event.preventDefault();
}

webidl.configureInterface(EventTarget);

// The global object is an EventTarget. Deviation: in a browser EventTarget.prototype is on the
// global's prototype chain, but JavaScriptCore's default global object has an immutable
// prototype (Object.prototype), and a custom global class makes every global lookup ~100x
// slower (DESIGN.md). So the global gets EventTarget's methods as own properties (bootstrap.js),
// and `globalThis instanceof EventTarget` is answered by EventTarget[Symbol.hasInstance].
const ordinaryHasInstance = P.Function.prototype[P.Symbol.hasInstance];
P.ObjectDefineProperty(EventTarget, P.Symbol.hasInstance, {
  value: function (value) {
    return (this === EventTarget && value === globalObject) || P.ReflectApply(ordinaryHasInstance, this, [value]);
  },
  configurable: true,
});

internals.EventTarget = EventTarget;
internals.addEventListener = EventTarget.prototype.addEventListener;
internals.removeEventListener = EventTarget.prototype.removeEventListener;
internals.dispatchEventMethod = EventTarget.prototype.dispatchEvent;
internals.dispatchEvent = dispatch;
internals.defineEventHandler = defineEventHandler;
/// True when `target` has a listener (or a non-null event handler) for `type`.
internals.hasEventListeners = (target, type) => {
  const list = targetStateOf(target).listeners[type];
  return list !== undefined && list.length > 0;
};
