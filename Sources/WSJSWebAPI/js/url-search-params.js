// SPDX-License-Identifier: MIT
// URLSearchParams (URL Standard §6.2) and application/x-www-form-urlencoded (§5).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { converters } = webidl;
const { percentEncodeString, percentDecodeToBytes, inFormSet } = internals.require("url-host").urlHost;

// §5.1 application/x-www-form-urlencoded parser: a list of [name, value] pairs.
function parseFormURLEncoded(input) {
  const list = [];
  for (const sequence of P.StringPrototypeSplit(input, "&")) {
    if (sequence === "") continue;
    const equals = P.StringPrototypeIndexOf(sequence, "=");
    const name = equals === -1 ? sequence : P.StringPrototypeSlice(sequence, 0, equals);
    const value = equals === -1 ? "" : P.StringPrototypeSlice(sequence, equals + 1);
    P.ArrayPrototypePush(list, [decodeFormComponent(name), decodeFormComponent(value)]);
  }
  return list;
}

function decodeFormComponent(text) {
  // "+" is a space; then percent-decode and UTF-8 decode without BOM (with replacement).
  const spaced = P.StringPrototypeReplaceAll(text, "+", " ");
  if (!P.StringPrototypeIncludes(spaced, "%")) return spaced;
  return host.decodeUTF8(percentDecodeToBytes(spaced), false);
}

// §5.2 application/x-www-form-urlencoded serializer.
function serializeFormURLEncoded(list) {
  let output = "";
  for (let i = 0; i < list.length; i++) {
    if (i > 0) output += "&";
    output += percentEncodeString(list[i][0], inFormSet, true) + "=" + percentEncodeString(list[i][1], inFormSet, true);
  }
  return output;
}

/// delete() and has() match a pair by name, and by value too when one is given.
const matches = (pair, name, value) => pair[0] === name && (value === undefined || pair[1] === value);

let stateOf;
const pairConverter = webidl.createSequenceConverter(converters.USVString);
const initSequenceConverter = webidl.createSequenceConverter(pairConverter);

class URLSearchParams {
  /// { list: [[name, value], …], url: the owning URL's state or null }.
  #state;

  constructor(init = "") {
    const prefix = webidl.operationPrefix("URLSearchParams", "constructor");
    const list = [];
    // init: (sequence<sequence<USVString>> or record<USVString, USVString> or USVString).
    if (webidl.type(init) === "Object") {
      if (init[P.SymbolIterator] !== undefined) {
        for (const pair of initSequenceConverter(init, prefix, "Argument 1")) {
          if (pair.length !== 2) throw webidl.makeException(P.TypeError, "Each query pair must be an iterable [name, value] tuple.", prefix);
          P.ArrayPrototypePush(list, [pair[0], pair[1]]);
        }
      } else {
        // record<USVString, USVString>: own enumerable string keys, in order.
        for (const key of P.ReflectOwnKeys(init)) {
          if (typeof key === "symbol") continue;
          const descriptor = P.ObjectGetOwnPropertyDescriptor(init, key);
          if (descriptor === undefined || !descriptor.enumerable) continue;
          P.ArrayPrototypePush(list, [converters.USVString(key), converters.USVString(init[key], prefix, "Argument 1")]);
        }
      }
    } else {
      let text = converters.USVString(init, prefix, "Argument 1");
      if (text[0] === "?") text = P.StringPrototypeSlice(text, 1);
      P.ArrayPrototypePush(list, ...parseFormURLEncoded(text));
    }
    this.#state = { list, url: null };
  }

  static {
    stateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#state in value)) throw webidl.invalidThis("URLSearchParams");
      return value.#state;
    };
  }

  get size() { return stateOf(this).list.length; }

  append(name, value) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("URLSearchParams", "append");
    webidl.requiredArguments(arguments.length, 2, prefix);
    P.ArrayPrototypePush(state.list, [converters.USVString(name, prefix, "Argument 1"), converters.USVString(value, prefix, "Argument 2")]);
    update(state);
  }

  delete(name, value = undefined) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("URLSearchParams", "delete");
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.USVString(name, prefix, "Argument 1");
    if (value !== undefined) value = converters.USVString(value, prefix, "Argument 2");
    state.list = P.ArrayPrototypeFilter(state.list, (pair) => !matches(pair, name, value));
    update(state);
  }

  get(name) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("URLSearchParams", "get");
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.USVString(name, prefix, "Argument 1");
    for (const pair of state.list) if (pair[0] === name) return pair[1];
    return null;
  }

  getAll(name) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("URLSearchParams", "getAll");
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.USVString(name, prefix, "Argument 1");
    const values = [];
    for (const pair of state.list) if (pair[0] === name) P.ArrayPrototypePush(values, pair[1]);
    return values;
  }

  has(name, value = undefined) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("URLSearchParams", "has");
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.USVString(name, prefix, "Argument 1");
    if (value !== undefined) value = converters.USVString(value, prefix, "Argument 2");
    for (const pair of state.list) if (matches(pair, name, value)) return true;
    return false;
  }

  set(name, value) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("URLSearchParams", "set");
    webidl.requiredArguments(arguments.length, 2, prefix);
    name = converters.USVString(name, prefix, "Argument 1");
    value = converters.USVString(value, prefix, "Argument 2");
    // The first pair named `name` gets the value; the others are removed.
    const list = [];
    let found = false;
    for (const pair of state.list) {
      if (pair[0] !== name) P.ArrayPrototypePush(list, pair);
      else if (!found) {
        found = true;
        P.ArrayPrototypePush(list, [name, value]);
      }
    }
    if (!found) P.ArrayPrototypePush(list, [name, value]);
    state.list = list;
    update(state);
  }

  sort() {
    const state = stateOf(this);
    // A stable sort by name in code units (Array.prototype.sort is stable; < compares code units).
    state.list = P.ArrayPrototypeSlice(state.list).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    update(state);
  }

  forEach(callback, thisArg = undefined) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("URLSearchParams", "forEach");
    webidl.requiredArguments(arguments.length, 1, prefix);
    if (typeof callback !== "function") throw webidl.makeException(P.TypeError, "The callback provided as parameter 1 is not a function.", prefix);
    // WebIDL's forEach re-reads the list each step, so changes made by the callback are seen.
    for (let i = 0; i < state.list.length; i++) {
      const pair = state.list[i];
      P.ReflectApply(callback, thisArg, [pair[1], pair[0], this]);
    }
  }

  entries() { return createIterator(this, "key+value"); }
  keys() { return createIterator(this, "key"); }
  values() { return createIterator(this, "value"); }

  toString() { return serializeFormURLEncoded(stateOf(this).list); }
}

// §6.2 "update steps": the owning URL's query follows the list.
function update(state) {
  if (state.url === null) return;
  const serialized = serializeFormURLEncoded(state.list);
  state.url.url.query = serialized === "" ? null : serialized;
}

// WebIDL §3.7.9 default iterator objects: a prototype with `next` inheriting %IteratorPrototype%.
const IteratorPrototype = P.ObjectGetPrototypeOf(P.ObjectGetPrototypeOf([][P.SymbolIterator]()));
const iteratorStates = new P.WeakMap();
const URLSearchParamsIteratorPrototype = P.ObjectCreate(IteratorPrototype, {
  next: {
    value: function next() {
      const iterator = P.WeakMapPrototypeGet(iteratorStates, this);
      if (iterator === undefined) throw webidl.invalidThis("URLSearchParams Iterator");
      const list = stateOf(iterator.target).list;
      if (iterator.index >= list.length) return { value: undefined, done: true };
      const pair = list[iterator.index++];
      const value = iterator.kind === "key" ? pair[0] : iterator.kind === "value" ? pair[1] : [pair[0], pair[1]];
      return { value, done: false };
    },
    writable: true, enumerable: true, configurable: true,
  },
  [P.SymbolToStringTag]: { value: "URLSearchParams Iterator", configurable: true },
});

function createIterator(target, kind) {
  stateOf(target);
  const iterator = P.ObjectCreate(URLSearchParamsIteratorPrototype);
  P.WeakMapPrototypeSet(iteratorStates, iterator, { target, kind, index: 0 });
  return iterator;
}

webidl.configureInterface(URLSearchParams);
P.ObjectDefineProperty(URLSearchParams.prototype, P.SymbolIterator, {
  value: URLSearchParams.prototype.entries, writable: true, enumerable: false, configurable: true,
});

internals.urlSearchParams = {
  URLSearchParams,
  /// The query object of a new URL (§6.1 constructor step 6).
  createFor(urlState) {
    const params = new URLSearchParams();
    const state = stateOf(params);
    if (urlState.url.query !== null) state.list = parseFormURLEncoded(urlState.url.query);
    state.url = urlState;
    return params;
  },
  /// Replaces the list from a URL's new query (href and search setters).
  resetFromQuery(params, query) {
    stateOf(params).list = query === null ? [] : parseFormURLEncoded(query);
  },
  // For fetch's bodies (URLSearchParams body init, formData() of a urlencoded body).
  isURLSearchParams: (value) => { try { stateOf(value); return true; } catch { return false; } },
  serialize: (params) => serializeFormURLEncoded(stateOf(params).list),
  parseFormURLEncoded,
};
