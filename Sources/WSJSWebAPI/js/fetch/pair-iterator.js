// SPDX-License-Identifier: MIT
// WebIDL pair iterators (https://webidl.spec.whatwg.org/#es-iterable): entries(), keys(),
// values(), forEach() and @@iterator for Headers and FormData, whose iterator objects have a
// "<Interface> Iterator" prototype inheriting %IteratorPrototype% with a `next` that re-reads
// the pairs on every step (so changes made while iterating are seen, as the standard says).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");

const IteratorPrototype = P.ObjectGetPrototypeOf(P.ObjectGetPrototypeOf([][P.SymbolIterator]()));

/// Adds the iterable methods to `Class`. `pairsOf(object)` checks the brand and returns the
/// current "value pairs to iterate over" (an array of [key, value]).
function defineIterable(Class, pairsOf) {
  const name = Class.name;
  const states = new P.WeakMap();
  const iteratorPrototype = P.ObjectCreate(IteratorPrototype, {
    next: {
      value: function next() {
        const state = P.WeakMapPrototypeGet(states, this);
        if (state === undefined) throw webidl.invalidThis(`${name} Iterator`);
        const pairs = pairsOf(state.target);
        if (state.index >= pairs.length) return { value: undefined, done: true };
        const pair = pairs[state.index++];
        const value = state.kind === "key" ? pair[0] : state.kind === "value" ? pair[1] : [pair[0], pair[1]];
        return { value, done: false };
      },
      writable: true, enumerable: true, configurable: true,
    },
    [P.SymbolToStringTag]: { value: `${name} Iterator`, configurable: true },
  });
  function createIterator(target, kind) {
    pairsOf(target);
    const iterator = P.ObjectCreate(iteratorPrototype);
    P.WeakMapPrototypeSet(states, iterator, { target, kind, index: 0 });
    return iterator;
  }
  const methods = {
    entries() { return createIterator(this, "key+value"); },
    keys() { return createIterator(this, "key"); },
    values() { return createIterator(this, "value"); },
    forEach(callback, thisArg = undefined) {
      pairsOf(this);
      const prefix = webidl.operationPrefix(name, "forEach");
      webidl.requiredArguments(arguments.length, 1, prefix);
      if (typeof callback !== "function") throw webidl.makeException(P.TypeError, "The callback provided as parameter 1 is not a function.", prefix);
      for (let i = 0; ; i++) {
        const pairs = pairsOf(this);
        if (i >= pairs.length) break;
        P.ReflectApply(callback, thisArg, [pairs[i][1], pairs[i][0], this]);
      }
    },
  };
  for (const key of ["entries", "keys", "values", "forEach"]) {
    P.ObjectDefineProperty(Class.prototype, key, { value: methods[key], writable: true, enumerable: true, configurable: true });
  }
  P.ObjectDefineProperty(Class.prototype, P.SymbolIterator, { value: methods.entries, writable: true, enumerable: false, configurable: true });
}

internals.pairIterator = { defineIterable };
