// SPDX-License-Identifier: MIT
// Event (https://dom.spec.whatwg.org/#interface-event).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");

const NONE = 0, CAPTURING_PHASE = 1, AT_TARGET = 2, BUBBLING_PHASE = 3;

/// EventInit's members; derived init dictionaries (ErrorEventInit, …) start from these.
const eventInitMembers = [
  { key: "bubbles", converter: webidl.converters.boolean, defaultValue: false },
  { key: "cancelable", converter: webidl.converters.boolean, defaultValue: false },
  { key: "composed", converter: webidl.converters.boolean, defaultValue: false },
];
const eventInit = webidl.createDictionaryConverter("EventInit", eventInitMembers);

/// [LegacyUnforgeable] readonly attribute boolean isTrusted: an own accessor on every instance.
function isTrustedGetter() {
  return stateOf(this).trusted;
}

let stateOf;
const isTrustedDescriptor = { get: isTrustedGetter, enumerable: true, configurable: false };

/// The state of the next event the runtime itself creates (createTrustedEvent): set just before
/// `new`, taken by the constructor, which then skips the WebIDL conversions (the runtime's own
/// arguments are known to be valid). No script code runs in between.
let trustedState = null;

function newEventState(type, bubbles, cancelable, composed, timeStamp, trusted) {
  // "inner event creation steps": initialized flag set, timeStamp relative to the time origin.
  return {
    type,
    target: null,
    currentTarget: null,
    phase: NONE,
    bubbles,
    cancelable,
    composed,
    canceled: false,
    stopPropagation: false,
    stopImmediatePropagation: false,
    inPassiveListener: false,
    dispatching: false,
    initialized: true,
    trusted,
    timeStamp,
  };
}

class Event {
  /// The event's flags and fields, shared with the dispatch algorithm through `stateOf`.
  #state;

  constructor(type, eventInitDict = undefined) {
    if (trustedState !== null) {
      this.#state = trustedState;
      trustedState = null;
      P.ObjectDefineProperty(this, "isTrusted", isTrustedDescriptor);
      return;
    }
    const prefix = webidl.operationPrefix(new.target?.name ?? "Event", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    type = webidl.converters.DOMString(type, prefix, "Argument 1");
    const init = eventInit(eventInitDict, prefix, "Argument 2");
    this.#state = newEventState(type, init.bubbles, init.cancelable, init.composed, host.now(), false);
    P.ObjectDefineProperty(this, "isTrusted", isTrustedDescriptor);
  }

  static {
    stateOf = (event) => {
      if (event === null || typeof event !== "object" || !(#state in event)) throw webidl.invalidThis("Event");
      return event.#state;
    };
  }

  get type() { return stateOf(this).type; }
  get target() { return stateOf(this).target; }
  /// Legacy alias of target.
  get srcElement() { return stateOf(this).target; }
  get currentTarget() { return stateOf(this).currentTarget; }
  get eventPhase() { return stateOf(this).phase; }
  get bubbles() { return stateOf(this).bubbles; }
  get cancelable() { return stateOf(this).cancelable; }
  get composed() { return stateOf(this).composed; }
  get defaultPrevented() { return stateOf(this).canceled; }
  get timeStamp() { return stateOf(this).timeStamp; }

  // With no tree, the path is the current target alone while dispatching, and empty otherwise.
  composedPath() {
    const state = stateOf(this);
    return state.currentTarget ? [state.currentTarget] : [];
  }

  stopPropagation() {
    stateOf(this).stopPropagation = true;
  }

  get cancelBubble() {
    return stateOf(this).stopPropagation;
  }

  set cancelBubble(value) {
    // Setting to true sets the stop propagation flag; false does nothing.
    if (value) stateOf(this).stopPropagation = true;
  }

  stopImmediatePropagation() {
    const state = stateOf(this);
    state.stopPropagation = true;
    state.stopImmediatePropagation = true;
  }

  get returnValue() {
    return !stateOf(this).canceled;
  }

  set returnValue(value) {
    // Setting to false sets the canceled flag "if cancelable and not in a passive listener".
    if (!value) setCanceledFlag(stateOf(this));
  }

  preventDefault() {
    setCanceledFlag(stateOf(this));
  }

  initEvent(type, bubbles = false, cancelable = false) {
    const state = stateOf(this);
    webidl.requiredArguments(arguments.length, 1, webidl.operationPrefix("Event", "initEvent"));
    // 1. If this's dispatch flag is set, then return.
    if (state.dispatching) return;
    // "initialize": set initialized, unset stop/cancel flags, unset isTrusted, clear target.
    state.initialized = true;
    state.stopPropagation = false;
    state.stopImmediatePropagation = false;
    state.canceled = false;
    state.trusted = false;
    state.target = null;
    state.type = webidl.converters.DOMString(type);
    state.bubbles = !!bubbles;
    state.cancelable = !!cancelable;
  }
}

// https://dom.spec.whatwg.org/#set-the-canceled-flag
function setCanceledFlag(state) {
  if (state.cancelable && !state.inPassiveListener) state.canceled = true;
}

webidl.configureInterface(Event);
webidl.defineConstants(Event, { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE });

/// Marks an event the runtime creates as trusted (isTrusted true), as the UA's own events are.
function makeTrusted(event) {
  stateOf(event).trusted = true;
  return event;
}

internals.Event = Event;
internals.eventState = stateOf;
internals.eventPhases = { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE };
internals.eventInitMembers = eventInitMembers;
internals.makeTrusted = makeTrusted;
/// Creates an event the runtime fires (isTrusted true, not bubbling, not cancelable) of class
/// `Class` (Event or a subclass whose constructor honours the same fast path), stamped with
/// `timeStamp` (ms since the time origin).
internals.createTrustedEvent = (Class, type, timeStamp = host.now()) => {
  trustedState = newEventState(type, false, false, false, timeStamp, true);
  return new Class();
};
