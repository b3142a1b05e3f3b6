// SPDX-License-Identifier: MIT
// The Streams Standard's miscellaneous operations (https://streams.spec.whatwg.org/#misc-abstract-ops)
// and the facts about ArrayBuffers and views that the byte streams need ([[ViewedArrayBuffer]],
// [[ByteOffset]], [[ByteLength]], [[TypedArrayName]]), read through captured getters so a script
// that redefines `byteLength` on a view cannot mislead a stream.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");

// https://streams.spec.whatwg.org/#is-non-negative-number
function IsNonNegativeNumber(v) {
  // 1. Not a Number, 2. NaN, or 3. below 0: false.
  if (typeof v !== "number") return false;
  if (v !== v) return false;
  if (v < 0) return false;
  return true;
}

/// IsDetachedBuffer(buffer), for an ArrayBuffer.
function IsDetachedBuffer(buffer) {
  return P.ArrayBufferPrototypeGetDetached(buffer);
}

// https://streams.spec.whatwg.org/#can-transfer-array-buffer
function CanTransferArrayBuffer(O) {
  // 3. A detached buffer cannot be transferred.
  if (IsDetachedBuffer(O)) return false;
  // 4. Deviation: a buffer with an [[ArrayBufferDetachKey]] (a WebAssembly.Memory's) cannot be
  // told apart from JavaScript; TransferArrayBuffer then throws the TypeError instead.
  return true;
}

// https://streams.spec.whatwg.org/#transfer-array-buffer: the memory moves to a new ArrayBuffer
// and `O` is detached (ArrayBuffer.prototype.transferToFixedLength does exactly these steps,
// and throws the TypeError of step 4 for a buffer that cannot be detached).
function TransferArrayBuffer(O) {
  return P.ArrayBufferPrototypeTransferToFixedLength(O);
}

// https://streams.spec.whatwg.org/#abstract-opdef-cloneasuint8array
function CloneAsUint8Array(O) {
  // 4. CloneArrayBuffer(O.[[ViewedArrayBuffer]], O.[[ByteOffset]], O.[[ByteLength]], %ArrayBuffer%),
  // copied without ArrayBuffer.prototype.slice, whose species lookup a script could redirect.
  const byteLength = ViewByteLength(O);
  const array = new P.Uint8Array(byteLength);
  P.TypedArrayPrototypeSet(array, new P.Uint8Array(ViewBuffer(O), ViewByteOffset(O), byteLength));
  // 5–6. Return a Uint8Array over the copy.
  return array;
}

// https://streams.spec.whatwg.org/#abstract-opdef-structuredclone
function StructuredClone(v) {
  return internals.require("structured-clone").structuredClone(v);
}

// https://streams.spec.whatwg.org/#abstract-opdef-cancopydatablockbytes
function CanCopyDataBlockBytes(toBuffer, toIndex, fromBuffer, fromIndex, count) {
  // 5. Not the same buffer; 6–7. neither detached; 8–9. both ranges inside their buffers.
  if (toBuffer === fromBuffer) return false;
  if (IsDetachedBuffer(toBuffer) || IsDetachedBuffer(fromBuffer)) return false;
  if (toIndex + count > P.ArrayBufferPrototypeGetByteLength(toBuffer)) return false;
  if (fromIndex + count > P.ArrayBufferPrototypeGetByteLength(fromBuffer)) return false;
  return true;
}

/// CopyDataBlockBytes(toBlock, toIndex, fromBlock, fromIndex, count).
function CopyDataBlockBytes(toBuffer, toIndex, fromBuffer, fromIndex, count) {
  P.TypedArrayPrototypeSet(new P.Uint8Array(toBuffer, toIndex, count), new P.Uint8Array(fromBuffer, fromIndex, count));
}

/// True for typed arrays, false for DataViews (%TypedArray%.prototype[@@toStringTag] is
/// undefined for anything but a typed array, without throwing).
function IsTypedArray(view) {
  return P.TypedArrayPrototypeGetSymbolToStringTag(view) !== undefined;
}

/// view.[[ViewedArrayBuffer]], view.[[ByteOffset]], view.[[ByteLength]] for a typed array or a
/// DataView (a view on a detached buffer has offset and length 0).
function ViewBuffer(view) {
  return IsTypedArray(view) ? P.TypedArrayPrototypeGetBuffer(view) : P.DataViewPrototypeGetBuffer(view);
}

function ViewByteOffset(view) {
  if (IsTypedArray(view)) return P.TypedArrayPrototypeGetByteOffset(view);
  return IsDetachedBuffer(P.DataViewPrototypeGetBuffer(view)) ? 0 : P.DataViewPrototypeGetByteOffset(view);
}

function ViewByteLength(view) {
  if (IsTypedArray(view)) return P.TypedArrayPrototypeGetByteLength(view);
  return IsDetachedBuffer(P.DataViewPrototypeGetBuffer(view)) ? 0 : P.DataViewPrototypeGetByteLength(view);
}

/// The typed array constructors table (ECMA-262 §23.2): [[TypedArrayName]] → constructor, whose
/// BYTES_PER_ELEMENT is the element size.
const typedArrayConstructors = {
  __proto__: null,
  Int8Array: P.Int8Array, Uint8Array: P.Uint8Array, Uint8ClampedArray: P.Uint8ClampedArray,
  Int16Array: P.Int16Array, Uint16Array: P.Uint16Array, Int32Array: P.Int32Array, Uint32Array: P.Uint32Array,
  Float32Array: P.Float32Array, Float64Array: P.Float64Array, BigInt64Array: P.BigInt64Array, BigUint64Array: P.BigUint64Array,
};
if (P.Float16Array !== undefined) typedArrayConstructors.Float16Array = P.Float16Array;
const elementSizes = { __proto__: null };
for (const name in typedArrayConstructors) elementSizes[name] = typedArrayConstructors[name].BYTES_PER_ELEMENT;

/// The constructor and element size for `view`'s [[TypedArrayName]], or %DataView% and 1.
function ViewConstructor(view) {
  const name = P.TypedArrayPrototypeGetSymbolToStringTag(view);
  return name === undefined ? P.DataView : typedArrayConstructors[name];
}

function ViewElementSize(view) {
  const name = P.TypedArrayPrototypeGetSymbolToStringTag(view);
  return name === undefined ? 1 : elementSizes[name];
}

const ArrayBufferPrototypeGetResizable = P.uncurryThis(P.ObjectGetOwnPropertyDescriptor(P.ArrayBuffer.prototype, "resizable").get);

/// WebIDL's ArrayBufferView conversion (no [AllowShared], no [AllowResizable]): a view whose
/// buffer is a SharedArrayBuffer or resizable is a TypeError.
function convertArrayBufferView(value, prefix, context) {
  if (!P.ArrayBufferIsView(value)) {
    throw webidl.makeException(P.TypeError, `is not an ArrayBufferView (received ${describeValue(value)}).`, prefix, context);
  }
  const buffer = ViewBuffer(value);
  if (!webidl.isArrayBuffer(buffer)) throw webidl.makeException(P.TypeError, "is a view on a SharedArrayBuffer, which is not allowed here.", prefix, context);
  if (ArrayBufferPrototypeGetResizable(buffer)) throw webidl.makeException(P.TypeError, "is a view on a resizable ArrayBuffer, which is not allowed here.", prefix, context);
  return value;
}

/// A short description of a received value for error messages.
function describeValue(value) {
  if (value === null) return "null";
  switch (typeof value) {
    case "string": return `the string "${value.length > 40 ? P.StringPrototypeSlice(value, 0, 40) + "…" : value}"`;
    case "symbol": return "a symbol";
    case "function": return "a function";
    case "object": {
      const tag = P.ObjectPrototypeToString(value);
      return `an object (${tag})`;
    }
    default: return `${typeof value} ${P.String(value)}`;
  }
}

internals.streamsMisc = {
  IsNonNegativeNumber, IsDetachedBuffer, CanTransferArrayBuffer, TransferArrayBuffer, CloneAsUint8Array,
  StructuredClone, CanCopyDataBlockBytes, CopyDataBlockBytes, IsTypedArray, ViewBuffer, ViewByteOffset,
  ViewByteLength, ViewConstructor, ViewElementSize, convertArrayBufferView, describeValue,
};
