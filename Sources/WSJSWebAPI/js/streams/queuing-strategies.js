// SPDX-License-Identifier: MIT
// Queuing strategies (https://streams.spec.whatwg.org/#qs): the QueuingStrategy dictionary,
// ExtractHighWaterMark and ExtractSizeAlgorithm, and the CountQueuingStrategy and
// ByteLengthQueuingStrategy classes.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { converters } = webidl;
const { describeValue } = internals.require("streams/misc-operations").streamsMisc;

/// A WebIDL callback function type (https://webidl.spec.whatwg.org/#es-callback-function):
/// anything callable, otherwise a TypeError naming what was received.
function convertCallback(value, prefix, context) {
  if (typeof value !== "function") {
    throw webidl.makeException(P.TypeError, `is not a function (received ${describeValue(value)}).`, prefix, context);
  }
  return value;
}

// https://streams.spec.whatwg.org/#dictdef-queuingstrategy
const convertQueuingStrategy = webidl.createDictionaryConverter("QueuingStrategy", [
  { key: "highWaterMark", converter: converters["unrestricted double"] },
  { key: "size", converter: convertCallback },
]);

// https://streams.spec.whatwg.org/#dictdef-queuingstrategyinit
const convertQueuingStrategyInit = webidl.createDictionaryConverter("QueuingStrategyInit", [
  { key: "highWaterMark", converter: converters["unrestricted double"], required: true },
]);

// https://streams.spec.whatwg.org/#validate-and-normalize-high-water-mark
function ExtractHighWaterMark(strategy, defaultHWM) {
  // 1. If strategy["highWaterMark"] does not exist, return defaultHWM.
  if (strategy.highWaterMark === undefined) return defaultHWM;
  // 2. Let highWaterMark be strategy["highWaterMark"].
  const highWaterMark = strategy.highWaterMark;
  // 3. If highWaterMark is NaN or highWaterMark < 0, throw a RangeError exception.
  if (highWaterMark !== highWaterMark || highWaterMark < 0) {
    throw new P.RangeError(`The highWaterMark of a queuing strategy must be a non-negative number (received ${highWaterMark}).`);
  }
  // 4. Return highWaterMark.
  return highWaterMark;
}

/// The algorithm that returns 1 (every chunk counts once).
const sizeOfOne = () => 1;

// https://streams.spec.whatwg.org/#make-size-algorithm-from-size-function
function ExtractSizeAlgorithm(strategy) {
  // 1. If strategy["size"] does not exist, return an algorithm that returns 1.
  const size = strategy.size;
  if (size === undefined) return sizeOfOne;
  // 2. Otherwise invoke size with « chunk » (callback this value undefined); its IDL return
  // type "unrestricted double" converts the result with ToNumber.
  return (chunk) => converters["unrestricted double"](P.ReflectApply(size, undefined, [chunk]), "Failed to execute 'size' of a queuing strategy", "The returned value");
}

// The size functions of the global object (§7.2, §7.3): built-in functions named "size" that
// are not constructors and do not look at `this`. Method definitions have exactly those traits.
const { size: countQueuingStrategySize } = { size() { return 1; } };
const { size: byteLengthQueuingStrategySize } = { size(chunk) { return chunk.byteLength; } };

let highWaterMarkOfByteLength;

// https://streams.spec.whatwg.org/#blqs-class
class ByteLengthQueuingStrategy {
  #highWaterMark;

  constructor(init) {
    const prefix = webidl.operationPrefix("ByteLengthQueuingStrategy", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    init = convertQueuingStrategyInit(init, prefix, "Argument 1");
    // 1. Set this.[[highWaterMark]] to init["highWaterMark"].
    this.#highWaterMark = init.highWaterMark;
  }

  static {
    highWaterMarkOfByteLength = (value) => {
      if (typeof value !== "object" || value === null || !(#highWaterMark in value)) throw webidl.invalidThis("ByteLengthQueuingStrategy");
      return value.#highWaterMark;
    };
  }

  get highWaterMark() {
    return highWaterMarkOfByteLength(this);
  }

  get size() {
    highWaterMarkOfByteLength(this);
    return byteLengthQueuingStrategySize;
  }
}

let highWaterMarkOfCount;

// https://streams.spec.whatwg.org/#cqs-class
class CountQueuingStrategy {
  #highWaterMark;

  constructor(init) {
    const prefix = webidl.operationPrefix("CountQueuingStrategy", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    init = convertQueuingStrategyInit(init, prefix, "Argument 1");
    // 1. Set this.[[highWaterMark]] to init["highWaterMark"].
    this.#highWaterMark = init.highWaterMark;
  }

  static {
    highWaterMarkOfCount = (value) => {
      if (typeof value !== "object" || value === null || !(#highWaterMark in value)) throw webidl.invalidThis("CountQueuingStrategy");
      return value.#highWaterMark;
    };
  }

  get highWaterMark() {
    return highWaterMarkOfCount(this);
  }

  get size() {
    highWaterMarkOfCount(this);
    return countQueuingStrategySize;
  }
}

webidl.configureInterface(ByteLengthQueuingStrategy);
webidl.configureInterface(CountQueuingStrategy);

internals.streamsQueuingStrategies = {
  convertCallback, convertQueuingStrategy, ExtractHighWaterMark, ExtractSizeAlgorithm, sizeOfOne,
  ByteLengthQueuingStrategy, CountQueuingStrategy,
};
