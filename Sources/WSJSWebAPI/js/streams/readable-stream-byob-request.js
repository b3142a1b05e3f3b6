// SPDX-License-Identifier: MIT
// ReadableStreamBYOBRequest (https://streams.spec.whatwg.org/#rs-byob-request-class): a byte
// stream's pending pull-into request as its underlying source sees it.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { IsDetachedBuffer, ViewBuffer, convertArrayBufferView } = internals.require("streams/misc-operations").streamsMisc;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let ReadableByteStreamControllerRespond, ReadableByteStreamControllerRespondWithNewView;
importOperations((operations) => {
  ({ ReadableByteStreamControllerRespond, ReadableByteStreamControllerRespondWithNewView } = operations);
});

/// A ReadableStreamBYOBRequest's internal slots (https://streams.spec.whatwg.org/#rs-byob-request-internal-slots).
class ReadableStreamBYOBRequestSlots {
  constructor(wrapper) {
    this.controller = undefined;
    this.view = null;
    this.wrapper = wrapper;
  }
}

const byobRequestKey = P.Symbol("ReadableStreamBYOBRequest");
let byobRequestSlotsOf;

// https://streams.spec.whatwg.org/#rs-byob-request-class
class ReadableStreamBYOBRequest {
  #request;

  constructor(key = undefined) {
    if (key !== byobRequestKey) webidl.illegalConstructor();
    this.#request = new ReadableStreamBYOBRequestSlots(this);
  }

  static {
    byobRequestSlotsOf = (value) => {
      if (typeof value !== "object" || value === null || !(#request in value)) throw webidl.invalidThis("ReadableStreamBYOBRequest");
      return value.#request;
    };
  }

  // https://streams.spec.whatwg.org/#rs-byob-request-view
  get view() {
    // 1. Return this.[[view]].
    return byobRequestSlotsOf(this).view;
  }

  // https://streams.spec.whatwg.org/#rs-byob-request-respond
  respond(bytesWritten) {
    const request = byobRequestSlotsOf(this);
    const prefix = webidl.operationPrefix("ReadableStreamBYOBRequest", "respond");
    webidl.requiredArguments(arguments.length, 1, prefix);
    bytesWritten = webidl.converters["unsigned long long"](bytesWritten, prefix, "Argument 1", { enforceRange: true });
    // 1. If this.[[controller]] is undefined, throw a TypeError exception.
    if (request.controller === undefined) throw new P.TypeError(`${prefix}: this BYOB request was already responded to.`);
    // 2. If this.[[view]]'s buffer is detached, throw a TypeError exception.
    if (IsDetachedBuffer(ViewBuffer(request.view))) throw new P.TypeError(`${prefix}: the view's buffer is detached.`);
    // 3–4. Assert: the view and its buffer are not empty.
    // 5. Perform ? ReadableByteStreamControllerRespond(this.[[controller]], bytesWritten).
    ReadableByteStreamControllerRespond(request.controller, bytesWritten);
  }

  // https://streams.spec.whatwg.org/#rs-byob-request-respond-with-new-view
  respondWithNewView(view) {
    const request = byobRequestSlotsOf(this);
    const prefix = webidl.operationPrefix("ReadableStreamBYOBRequest", "respondWithNewView");
    webidl.requiredArguments(arguments.length, 1, prefix);
    view = convertArrayBufferView(view, prefix, "Argument 1");
    // 1. If this.[[controller]] is undefined, throw a TypeError exception.
    if (request.controller === undefined) throw new P.TypeError(`${prefix}: this BYOB request was already responded to.`);
    // 2. If view's buffer is detached, throw a TypeError exception.
    if (IsDetachedBuffer(ViewBuffer(view))) throw new P.TypeError(`${prefix}: the view's buffer is detached.`);
    // 3. Return ? ReadableByteStreamControllerRespondWithNewView(this.[[controller]], view).
    ReadableByteStreamControllerRespondWithNewView(request.controller, view);
  }
}

/// A new BYOB request's slots (ReadableByteStreamControllerGetBYOBRequest makes them).
function newReadableStreamBYOBRequest() {
  return byobRequestSlotsOf(new ReadableStreamBYOBRequest(byobRequestKey));
}

webidl.configureInterface(ReadableStreamBYOBRequest);

exportOperations({ ReadableStreamBYOBRequest, newReadableStreamBYOBRequest });
