// SPDX-License-Identifier: MIT
// structuredClone (https://html.spec.whatwg.org/#dom-structuredclone): StructuredSerialize and
// StructuredDeserialize fused into one walk, since the value never leaves this realm. A memory
// map keeps shared and circular references shared and circular in the copy.
const P = internals.require("primordials").primordials;
const { webidl, domException } = internals.require("webidl", "dom-exception");

const errorConstructors = {
  Error: P.Error, EvalError: P.EvalError, RangeError: P.RangeError, ReferenceError: P.ReferenceError,
  SyntaxError: P.SyntaxError, TypeError: P.TypeError, URIError: P.URIError,
};

/// Types other modules make cloneable (Blob, File): brand check → clone function.
const platformCloners = [];

function dataCloneError(what) {
  return domException("DataCloneError", `${what} could not be cloned.`);
}

function cloneValue(value, memory, transfers) {
  // Primitives other than symbols are their own copies.
  if (value === null || (typeof value !== "object" && typeof value !== "function")) {
    if (typeof value === "symbol") throw dataCloneError(P.SymbolPrototypeToString(value));
    return value;
  }
  if (P.MapPrototypeHas(memory, value)) return P.MapPrototypeGet(memory, value);
  if (typeof value === "function") throw dataCloneError(`${P.FunctionPrototypeToString(value).slice(0, 60)}`);

  let copy;
  const tag = P.ObjectPrototypeToString(value);
  if (webidl.isArrayBuffer(value)) {
    copy = P.ArrayBufferPrototypeSlice(value, 0);
  } else if (P.ArrayBufferIsView(value)) {
    const buffer = value instanceof P.DataView ? P.DataViewPrototypeGetBuffer(value) : P.TypedArrayPrototypeGetBuffer(value);
    const bufferCopy = cloneValue(buffer, memory, transfers);
    if (value instanceof P.DataView) {
      copy = new P.DataView(bufferCopy, P.DataViewPrototypeGetByteOffset(value), P.DataViewPrototypeGetByteLength(value));
    } else {
      const Constructor = globalThis[P.TypedArrayPrototypeGetSymbolToStringTag(value)];
      copy = new Constructor(bufferCopy, P.TypedArrayPrototypeGetByteOffset(value), P.TypedArrayPrototypeGetLength(value));
    }
  } else if (tag === "[object Date]") {
    copy = new P.Date(P.DatePrototypeGetTime(value));
  } else if (tag === "[object RegExp]") {
    // lastIndex is not serialized (it restarts at 0).
    copy = new P.RegExp(value.source, value.flags);
  } else if (tag === "[object Boolean]" || tag === "[object Number]" || tag === "[object String]" || tag === "[object BigInt]") {
    copy = P.Object(value.valueOf());
  } else if (tag === "[object Symbol]") {
    throw dataCloneError("Symbol object");
  } else if (tag === "[object Map]" && value instanceof P.Map) {
    copy = new P.Map();
    P.MapPrototypeSet(memory, value, copy);
    const entries = [];
    P.MapPrototypeForEach(value, (v, k) => P.ArrayPrototypePush(entries, [k, v]));
    for (const [k, v] of entries) P.MapPrototypeSet(copy, cloneValue(k, memory, transfers), cloneValue(v, memory, transfers));
    return copy;
  } else if (tag === "[object Set]" && value instanceof P.Set) {
    copy = new P.Set();
    P.MapPrototypeSet(memory, value, copy);
    const items = [];
    P.SetPrototypeForEach(value, (v) => P.ArrayPrototypePush(items, v));
    for (const item of items) P.SetPrototypeAdd(copy, cloneValue(item, memory, transfers));
    return copy;
  } else if (tag === "[object Error]") {
    copy = cloneError(value, memory, transfers);
  } else if (P.ArrayIsArray(value)) {
    copy = new P.Array(value.length);
    P.MapPrototypeSet(memory, value, copy);
    for (const key of P.ObjectKeys(value)) copy[key] = cloneValue(value[key], memory, transfers);
    return copy;
  } else {
    for (const [isBrand, clone] of platformCloners) {
      if (isBrand(value)) {
        copy = clone(value);
        P.MapPrototypeSet(memory, value, copy);
        return copy;
      }
    }
    if (tag !== "[object Object]" || internals.webidl.interfacePrototypes.has(P.ObjectGetPrototypeOf(value)) || value instanceof P.Promise || value instanceof P.WeakMap || value instanceof P.WeakSet) {
      throw dataCloneError(`${tag.slice(8, -1)} object`);
    }
    // Ordinary objects: own enumerable string keys, read through getters, into a plain object.
    copy = {};
    P.MapPrototypeSet(memory, value, copy);
    for (const key of P.ObjectKeys(value)) copy[key] = cloneValue(value[key], memory, transfers);
    return copy;
  }
  P.MapPrototypeSet(memory, value, copy);
  return copy;
}

// The serialization of Error objects: name (one of the native error names), message, and stack.
function cloneError(value, memory, transfers) {
  let name = value.name;
  if (!P.ObjectPrototypeHasOwnProperty(errorConstructors, name)) name = "Error";
  const Constructor = errorConstructors[name];
  const messageDescriptor = P.ObjectGetOwnPropertyDescriptor(value, "message");
  const copy = messageDescriptor && "value" in messageDescriptor ? new Constructor(`${messageDescriptor.value}`) : new Constructor();
  if (typeof value.stack === "string") P.ObjectDefineProperty(copy, "stack", { value: value.stack, writable: true, configurable: true });
  if (P.ObjectPrototypeHasOwnProperty(value, "cause")) {
    P.ObjectDefineProperty(copy, "cause", { value: cloneValue(value.cause, memory, transfers), writable: true, configurable: true });
  }
  return copy;
}

const serializeOptions = webidl.createDictionaryConverter("StructuredSerializeOptions", [
  { key: "transfer", converter: webidl.createSequenceConverter(webidl.converters.object), defaultValue: () => [] },
]);

function structuredClone(value, options = undefined) {
  const prefix = "Failed to execute 'structuredClone'";
  webidl.requiredArguments(arguments.length, 1, prefix);
  const { transfer } = serializeOptions(options, prefix, "Argument 2");
  const memory = new P.Map();
  // StructuredSerializeWithTransfer: each transferable must be an ArrayBuffer, listed once, not
  // detached. Its copy takes over the memory and the original is detached.
  const seen = new P.Set();
  for (const transferable of transfer) {
    if (!webidl.isArrayBuffer(transferable)) throw dataCloneError("Value in the transfer list");
    if (P.SetPrototypeHas(seen, transferable)) throw dataCloneError("An ArrayBuffer listed twice in the transfer list");
    if (transferable.detached) throw dataCloneError("A detached ArrayBuffer");
    P.SetPrototypeAdd(seen, transferable);
  }
  // The views are serialized before the buffers are detached (HTML serializes everything first,
  // then transfers), so a view on a transferred buffer keeps its offset and length: the clone
  // gets a copy of each buffer's bytes, then the originals are detached.
  const copy = cloneValue(value, memory, transfer);
  for (const transferable of transfer) transferable.transfer();
  return copy;
}

internals.structuredClone = structuredClone;
internals.registerCloneable = (isBrand, clone) => P.ArrayPrototypePush(platformCloners, [isBrand, clone]);
