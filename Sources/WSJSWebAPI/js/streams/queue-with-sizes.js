// SPDX-License-Identifier: MIT
// Queue-with-sizes (https://streams.spec.whatwg.org/#queue-with-sizes), and the list it stands
// on. A container is any record with `queue` and `queueTotalSize` slots.
const P = internals.require("primordials").primordials;
const { IsNonNegativeNumber } = internals.require("streams/misc-operations").streamsMisc;

/// A first-in-first-out list with O(1) push and shift (an Array's shift() moves every element,
/// and a stream's queue can hold thousands of chunks). Elements live in a plain array from
/// `head` on; the consumed front is dropped once it outweighs the rest.
class SimpleQueue {
  constructor() {
    this.elements = [];
    this.head = 0;
    this.length = 0;
  }

  push(value) {
    this.elements[this.head + this.length] = value;
    this.length++;
  }

  shift() {
    const elements = this.elements;
    const value = elements[this.head];
    elements[this.head] = undefined;
    this.head++;
    this.length--;
    if (this.length === 0) {
      this.head = 0;
      if (elements.length > 64) this.elements = [];
    } else if (this.head > 1024 && this.head * 2 > elements.length) {
      this.elements = P.ArrayPrototypeSlice(elements, this.head, this.head + this.length);
      this.head = 0;
    }
    return value;
  }

  peek() {
    return this.elements[this.head];
  }

  /// The element at `index` from the front (0 is the front).
  at(index) {
    return this.elements[this.head + index];
  }

  /// Removes every element.
  clear() {
    this.elements = [];
    this.head = 0;
    this.length = 0;
  }

  /// Keeps only the first element ("set the list to « first »").
  truncateToFirst() {
    const first = this.elements[this.head];
    this.elements = [first];
    this.head = 0;
    this.length = 1;
  }
}

/// A value-with-size (https://streams.spec.whatwg.org/#value-with-size).
class ValueWithSize {
  constructor(value, size) {
    this.value = value;
    this.size = size;
  }
}

// https://streams.spec.whatwg.org/#dequeue-value
function DequeueValue(container) {
  // 1–2. Assert: container has a non-empty queue.
  // 3–4. Take the first value-with-size off the queue.
  const valueWithSize = container.queue.shift();
  // 5. Subtract its size from the total.
  container.queueTotalSize -= valueWithSize.size;
  // 6. Rounding errors can take the total below 0.
  if (container.queueTotalSize < 0) container.queueTotalSize = 0;
  // 7. Return its value.
  return valueWithSize.value;
}

// https://streams.spec.whatwg.org/#enqueue-value-with-size
function EnqueueValueWithSize(container, value, size) {
  // 2. If ! IsNonNegativeNumber(size) is false, throw a RangeError exception.
  if (!IsNonNegativeNumber(size)) {
    throw new P.RangeError(`The size of a chunk must be a finite, non-negative number; the queuing strategy's size() returned ${describeSize(size)}.`);
  }
  // 3. If size is +∞, throw a RangeError exception.
  if (size === Infinity) throw new P.RangeError("The size of a chunk must be finite; the queuing strategy's size() returned Infinity.");
  // 4. Append a new value-with-size.
  container.queue.push(new ValueWithSize(value, size));
  // 5. Add the size to the total.
  container.queueTotalSize += size;
}

function describeSize(size) {
  return typeof size === "number" ? `${size}` : `a value of type ${typeof size}`;
}

// https://streams.spec.whatwg.org/#peek-queue-value
function PeekQueueValue(container) {
  // 3–4. Return the value of the first value-with-size.
  return container.queue.peek().value;
}

// https://streams.spec.whatwg.org/#reset-queue
function ResetQueue(container) {
  // 2. Set container.[[queue]] to a new empty list; 3. set the total to 0.
  container.queue = new SimpleQueue();
  container.queueTotalSize = 0;
}

internals.streamsQueues = { SimpleQueue, DequeueValue, EnqueueValueWithSize, PeekQueueValue, ResetQueue };
