// SPDX-License-Identifier: MIT
// WebIDL (https://webidl.spec.whatwg.org/): the conversions from JS values to IDL types, argument
// checks, and the helpers that give each interface its WebIDL shape. One converter per IDL type
// name; interface-specific unions live in the interface's own file (STYLE.md §4).
const P = internals.require("primordials").primordials;
const { TypeError, RangeError, Number, String, Symbol, BigInt, MathTrunc, MathFloor, MathMin, MathMax, NumberIsNaN, NumberIsFinite } = P;

/// Every conversion error reads "Failed to execute 'send' on 'WebSocket': <what>" (deno/undici).
function makeException(ErrorType, message, prefix, context) {
  const where = context ? `${context} ${message}` : message;
  return new ErrorType(prefix ? `${prefix}: ${where}` : where);
}

/// The prefix for operation errors.
function operationPrefix(interfaceName, operation) {
  return operation === "constructor"
    ? `Failed to construct '${interfaceName}'`
    : `Failed to execute '${operation}' on '${interfaceName}'`;
}

function requiredArguments(length, required, prefix) {
  if (length < required) {
    const noun = required === 1 ? "argument" : "arguments";
    throw makeException(TypeError, `${required} ${noun} required, but only ${length} present.`, prefix);
  }
}

function type(value) {
  if (value === null) return "Null";
  switch (typeof value) {
    case "undefined": return "Undefined";
    case "boolean": return "Boolean";
    case "number": return "Number";
    case "string": return "String";
    case "symbol": return "Symbol";
    case "bigint": return "BigInt";
    default: return "Object";
  }
}

// §3.2.4.9 ConvertToInt(V, bitLength, signedness)
function convertToInt(value, bitLength, signed, options, prefix, context) {
  let upper, lower;
  if (bitLength === 64) {
    upper = 2 ** 53 - 1;
    lower = signed ? -(2 ** 53) + 1 : 0;
  } else if (signed) {
    lower = -(2 ** (bitLength - 1));
    upper = 2 ** (bitLength - 1) - 1;
  } else {
    lower = 0;
    upper = 2 ** bitLength - 1;
  }
  // 4. Let x be ? ToNumber(V); 5. If x is −0, then set x to +0.
  if (typeof value === "bigint") throw makeException(TypeError, "is a BigInt and cannot be converted to a number.", prefix, context);
  let x = Number(value);
  if (x === 0) x = 0;
  // 6. [EnforceRange]: NaN and infinities throw; the truncated value must be in range.
  if (options?.enforceRange) {
    if (NumberIsNaN(x) || !NumberIsFinite(x)) throw makeException(TypeError, "is not a finite number.", prefix, context);
    x = MathTrunc(x);
    if (x < lower || x > upper) throw makeException(TypeError, `is outside the accepted range of ${lower} to ${upper}.`, prefix, context);
    return x === 0 ? 0 : x;
  }
  // 7. [Clamp]: clamp, then round half to even.
  if (!NumberIsNaN(x) && options?.clamp) {
    x = MathMin(MathMax(x, lower), upper);
    const floor = MathFloor(x);
    const fraction = x - floor;
    x = fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
    return x === 0 ? 0 : x;
  }
  // 8. NaN, ±0 and ±∞ become +0.
  if (NumberIsNaN(x) || x === 0 || !NumberIsFinite(x)) return 0;
  // 9–11. Truncate, then reduce modulo 2^bitLength.
  x = MathTrunc(x);
  if (x >= lower && x <= upper) return x;
  const modulus = 2 ** bitLength;
  x = ((x % modulus) + modulus) % modulus;
  if (signed && x >= 2 ** (bitLength - 1)) return x - modulus;
  return x;
}

function toDOMString(value, prefix, context, options) {
  if (typeof value === "string") return value;
  if (value === null && options?.legacyNullToEmptyString) return "";
  if (typeof value === "symbol") throw makeException(TypeError, "is a symbol, which cannot be converted to a string.", prefix, context);
  return String(value);
}

const converters = {
  any: (value) => value,
  undefined: () => undefined,
  boolean: (value) => !!value,
  byte: (v, p, c, o) => convertToInt(v, 8, true, o, p, c),
  octet: (v, p, c, o) => convertToInt(v, 8, false, o, p, c),
  short: (v, p, c, o) => convertToInt(v, 16, true, o, p, c),
  "unsigned short": (v, p, c, o) => convertToInt(v, 16, false, o, p, c),
  long: (v, p, c, o) => convertToInt(v, 32, true, o, p, c),
  "unsigned long": (v, p, c, o) => convertToInt(v, 32, false, o, p, c),
  "long long": (v, p, c, o) => convertToInt(v, 64, true, o, p, c),
  "unsigned long long": (v, p, c, o) => convertToInt(v, 64, false, o, p, c),
  double(value, prefix, context) {
    if (typeof value === "bigint") throw makeException(TypeError, "is a BigInt and cannot be converted to a number.", prefix, context);
    const x = Number(value);
    if (!NumberIsFinite(x)) throw makeException(TypeError, "is not a finite floating-point value.", prefix, context);
    return x;
  },
  "unrestricted double"(value, prefix, context) {
    if (typeof value === "bigint") throw makeException(TypeError, "is a BigInt and cannot be converted to a number.", prefix, context);
    return Number(value);
  },
  DOMString: toDOMString,
  // §3.2.12 USVString: lone surrogates become U+FFFD.
  USVString: (value, prefix, context, options) => P.StringPrototypeToWellFormed(toDOMString(value, prefix, context, options)),
  ByteString(value, prefix, context) {
    const x = toDOMString(value, prefix, context);
    for (let i = 0; i < x.length; i++) {
      if (P.StringPrototypeCharCodeAt(x, i) > 255) throw makeException(TypeError, `contains a character outside Latin-1 at index ${i}.`, prefix, context);
    }
    return x;
  },
  object(value, prefix, context) {
    if (type(value) !== "Object") throw makeException(TypeError, "is not an object.", prefix, context);
    return value;
  },
  ArrayBuffer(value, prefix, context) {
    if (!isArrayBuffer(value)) throw makeException(TypeError, "is not an ArrayBuffer.", prefix, context);
    return value;
  },
  ArrayBufferView(value, prefix, context) {
    if (!P.ArrayBufferIsView(value)) throw makeException(TypeError, "is not an ArrayBufferView.", prefix, context);
    return value;
  },
  BufferSource(value, prefix, context) {
    if (P.ArrayBufferIsView(value) || isArrayBuffer(value)) return value;
    throw makeException(TypeError, "is not an ArrayBuffer or ArrayBufferView.", prefix, context);
  },
};

function isArrayBuffer(value) {
  try {
    P.ArrayBufferPrototypeGetByteLength(value);
    return true;
  } catch {
    return false;
  }
}

/// A Uint8Array over the same memory as a BufferSource (the view's window only, no copy).
function bytesOf(source) {
  if (isArrayBuffer(source)) return new P.Uint8Array(source);
  if (source instanceof P.DataView) {
    return new P.Uint8Array(P.DataViewPrototypeGetBuffer(source), P.DataViewPrototypeGetByteOffset(source), P.DataViewPrototypeGetByteLength(source));
  }
  return new P.Uint8Array(P.TypedArrayPrototypeGetBuffer(source), P.TypedArrayPrototypeGetByteOffset(source), P.TypedArrayPrototypeGetByteLength(source));
}

/// A dictionary converter: members in lexicographic order (WebIDL §3.2.17), each with a converter,
/// an optional default and `required`.
function createDictionaryConverter(name, members) {
  const sorted = P.ArrayPrototypeSlice(members).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return function convertDictionary(value, prefix, context) {
    const kind = type(value);
    if (kind !== "Undefined" && kind !== "Null" && kind !== "Object") {
      throw makeException(TypeError, `cannot be converted to a dictionary '${name}'.`, prefix, context);
    }
    const result = {};
    for (const member of sorted) {
      const memberValue = kind === "Object" ? value[member.key] : undefined;
      if (memberValue !== undefined) {
        const memberContext = `'${member.key}' of '${name}'${context ? ` (${context})` : ""}`;
        result[member.key] = member.converter(memberValue, prefix, memberContext, member.options);
      } else if ("defaultValue" in member) {
        result[member.key] = typeof member.defaultValue === "function" ? member.defaultValue() : member.defaultValue;
      } else if (member.required) {
        throw makeException(TypeError, `is missing required member '${member.key}' of '${name}'.`, prefix, context);
      }
    }
    return result;
  };
}

/// sequence<T> (§3.2.26): any iterable object.
function createSequenceConverter(converter) {
  return function convertSequence(value, prefix, context) {
    if (type(value) !== "Object") throw makeException(TypeError, "can not be converted to a sequence.", prefix, context);
    const iteratorMethod = value[P.SymbolIterator];
    if (typeof iteratorMethod !== "function") throw makeException(TypeError, "is not iterable.", prefix, context);
    const iterator = P.ReflectApply(iteratorMethod, value, []);
    const result = [];
    for (let index = 0; ; index++) {
      const next = iterator.next();
      if (type(next) !== "Object") throw makeException(TypeError, "iterator result is not an object.", prefix, context);
      if (next.done) break;
      P.ArrayPrototypePush(result, converter(next.value, prefix, `${context}, index ${index}`));
    }
    return result;
  };
}

/// Gives a class its WebIDL shape (§3.7): operations and attributes enumerable,
/// Symbol.toStringTag on the prototype, and the constructor's `prototype` read-only.
const interfacePrototypes = new P.WeakSet();

function configureInterface(Class, name = Class.name) {
  const prototype = Class.prototype;
  interfacePrototypes.add(prototype);
  for (const key of P.ReflectOwnKeys(prototype)) {
    if (key === "constructor" || typeof key === "symbol") continue;
    const descriptor = P.ObjectGetOwnPropertyDescriptor(prototype, key);
    if (descriptor.configurable) {
      descriptor.enumerable = true;
      P.ObjectDefineProperty(prototype, key, descriptor);
    }
  }
  P.ObjectDefineProperty(prototype, P.SymbolToStringTag, { value: name, configurable: true });
}

/// Constants live on both the interface object and the prototype (§3.7.5), read-only, enumerable.
function defineConstants(Class, constants) {
  for (const key of P.ObjectKeys(constants)) {
    const descriptor = { value: constants[key], enumerable: true, writable: false, configurable: false };
    P.ObjectDefineProperty(Class, key, descriptor);
    P.ObjectDefineProperty(Class.prototype, key, descriptor);
  }
}

function illegalConstructor() {
  throw new TypeError("Illegal constructor");
}

function invalidThis(interfaceName) {
  return new TypeError(`Illegal invocation: 'this' is not a ${interfaceName}`);
}

internals.webidl = {
  makeException,
  operationPrefix,
  requiredArguments,
  type,
  convertToInt,
  converters,
  isArrayBuffer,
  bytesOf,
  createDictionaryConverter,
  createSequenceConverter,
  configureInterface,
  interfacePrototypes,
  defineConstants,
  illegalConstructor,
  invalidThis,
};
