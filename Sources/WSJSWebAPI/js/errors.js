// SPDX-License-Identifier: MIT
// Uncaught errors take HTML's "report an exception" path (an ErrorEvent at the global, or a
// PromiseRejectionEvent for rejections) before wsjs prints them and ends the run with status 1,
// as Deno and Node do.
const P = internals.require("primordials").primordials;
const { ErrorEvent, PromiseRejectionEvent, makeTrusted, dispatchEvent, inspect } = internals.require("event-target", "events-extra", "inspect");
const globalObject = globalThis;

// Error reporting ----------------------------------------------------------------------------

/// True while an error event is being dispatched: an error thrown by an error listener is not
/// dispatched again (HTML: "errors reported while reporting" are not re-reported), it is fatal.
let reporting = false;

function describeUncaught(value, inPromise) {
  const lead = inPromise ? "Uncaught (in promise) " : "Uncaught ";
  if (value !== null && typeof value === "object" && P.ObjectPrototypeToString(value) === "[object Error]") {
    let text = inspect(value);
    // Syntax errors carry no frames, only where the parser stopped.
    if (!P.StringPrototypeIncludes(text, "\n") && typeof value.sourceURL === "string") {
      text = `${P.StringPrototypeSlice(text, text[0] === "[" ? 1 : 0, text[0] === "[" ? -1 : undefined)}\n    at ${value.sourceURL}:${value.line ?? 0}${value.column !== undefined ? `:${value.column}` : ""}`;
    }
    return lead + text;
  }
  return lead + inspect(value);
}

function errorLocation(error) {
  if (error !== null && typeof error === "object") {
    try {
      return { filename: `${error.sourceURL ?? ""}`, lineno: (error.line ?? 0) >>> 0, colno: (error.column ?? 0) >>> 0 };
    } catch {}
  }
  return { filename: "", lineno: 0, colno: 0 };
}

// https://html.spec.whatwg.org/#report-an-exception
function reportException(error) {
  let notHandled = true;
  if (!reporting) {
    reporting = true;
    try {
      const message = describeUncaught(error, false).split("\n")[0];
      // 4–6. Fire a cancelable ErrorEvent named "error" at the global object.
      const event = new ErrorEvent("error", { ...errorLocation(error), message, error, cancelable: true });
      notHandled = dispatchEvent(globalObject, makeTrusted(event));
    } catch (secondary) {
      error = secondary;
    } finally {
      reporting = false;
    }
  }
  // 7. If not handled, report it to the developer: wsjs prints it and ends the run with status 1.
  if (notHandled) {
    host.print(2, `${describeUncaught(error, false)}\n`);
    host.exit(1);
  }
}

// https://html.spec.whatwg.org/#unhandled-promise-rejections, called by the host after a
// microtask checkpoint for each rejected promise that still has no handler.
function unhandledRejection(promise, reason) {
  const event = new PromiseRejectionEvent("unhandledrejection", { promise, reason, cancelable: true });
  const notHandled = dispatchEvent(globalObject, makeTrusted(event));
  if (notHandled) {
    host.print(2, `${describeUncaught(reason, true)}\n`);
    host.exit(1);
  }
}

// https://html.spec.whatwg.org/#dom-reporterror
function reportError(e) {
  internals.require("webidl").webidl.requiredArguments(arguments.length, 1, "Failed to execute 'reportError'");
  reportException(e);
}

internals.reportError = reportError;
internals.reportException = reportException;
internals.unhandledRejection = unhandledRejection;
