// SPDX-License-Identifier: MIT
// performance (https://w3c.github.io/hr-time/): now() and timeOrigin from the host's monotonic
// clock, in milliseconds with microsecond resolution.
const P = internals.require("primordials").primordials;
const { webidl, EventTarget } = internals.require("event-target");
const constructorKey = P.Symbol("Performance");

class Performance extends EventTarget {
  constructor(key = undefined) {
    if (key !== constructorKey) webidl.illegalConstructor();
    super();
  }

  now() {
    if (!(this instanceof Performance)) throw webidl.invalidThis("Performance");
    return host.now();
  }

  get timeOrigin() {
    if (!(this instanceof Performance)) throw webidl.invalidThis("Performance");
    return host.timeOrigin;
  }

  toJSON() {
    if (!(this instanceof Performance)) throw webidl.invalidThis("Performance");
    return { timeOrigin: host.timeOrigin };
  }
}

webidl.configureInterface(Performance);
internals.performance = new Performance(constructorKey);
internals.Performance = Performance;
