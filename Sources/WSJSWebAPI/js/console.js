// SPDX-License-Identifier: MIT
// console (https://console.spec.whatwg.org/), printed the way Node and Deno print: log, info and
// debug to stdout; warn, error, trace and failed asserts to stderr; one write per call, so
// lines stay whole even in a pipe.
const P = internals.require("primordials").primordials;
const { inspect } = internals.require("inspect");

const STDOUT = 1, STDERR = 2;
let groupIndentation = "";
const counts = new P.Map();
const timers = new P.Map();

// https://console.spec.whatwg.org/#formatter, with Node's choices for each specifier.
function formatArguments(args) {
  if (args.length === 0) return "";
  const first = args[0];
  let index = 0;
  let result = "";
  if (typeof first === "string" && args.length > 1 && P.StringPrototypeIncludes(first, "%")) {
    index = 1;
    let last = 0;
    for (let i = 0; i < first.length - 1; i++) {
      if (first[i] !== "%") continue;
      const specifier = first[i + 1];
      if (specifier === "%") {
        result += P.StringPrototypeSlice(first, last, i) + "%";
        last = i + 2;
        i++;
        continue;
      }
      if (index >= args.length || !P.StringPrototypeIncludes("sdifjoOc", specifier)) continue;
      const arg = args[index++];
      result += P.StringPrototypeSlice(first, last, i) + formatSpecifier(specifier, arg);
      last = i + 2;
      i++;
    }
    result += P.StringPrototypeSlice(first, last);
  }
  for (; index < args.length; index++) {
    const arg = args[index];
    if (result !== "" || index > 0) result += " ";
    result += typeof arg === "string" ? arg : inspect(arg);
  }
  return result;
}

function formatSpecifier(specifier, arg) {
  switch (specifier) {
    case "s":
      if (typeof arg === "bigint") return `${arg}n`;
      if (typeof arg === "number") return P.ObjectIs(arg, -0) ? "-0" : `${arg}`;
      if (typeof arg === "symbol") return P.SymbolPrototypeToString(arg);
      if (typeof arg === "object" && arg !== null && !hasOwnToString(arg)) return inspect(arg, { depth: 0 });
      return `${arg}`;
    case "d":
      if (typeof arg === "bigint") return `${arg}n`;
      if (typeof arg === "symbol") return "NaN";
      return formatNumber(P.Number(arg));
    case "i":
      if (typeof arg === "bigint") return `${arg}n`;
      if (typeof arg === "symbol") return "NaN";
      return formatNumber(P.Number.parseInt(arg));
    case "f":
      if (typeof arg === "symbol") return "NaN";
      return formatNumber(P.Number.parseFloat(arg));
    case "j":
      try {
        return P.JSONStringify(arg);
      } catch {
        return "[Circular]";
      }
    case "o":
      return inspect(arg, { showHidden: true, depth: 4 });
    case "O":
      return inspect(arg);
    case "c":
      // CSS styling has no meaning on a terminal: the argument is consumed and dropped.
      return "";
  }
  return "";
}

function formatNumber(number) {
  return P.ObjectIs(number, -0) ? "-0" : `${number}`;
}

/// True when an object's toString is its own or its class's, not Object's or Error's defaults.
function hasOwnToString(object) {
  for (let proto = object; proto !== null; proto = P.ObjectGetPrototypeOf(proto)) {
    if (proto === P.Object.prototype || proto === P.Error.prototype) return false;
    if (P.ObjectPrototypeHasOwnProperty(proto, "toString")) return true;
  }
  return false;
}

function write(fd, text) {
  if (groupIndentation !== "") {
    text = groupIndentation + P.StringPrototypeReplace(text, /\n/g, `\n${groupIndentation}`);
  }
  // wsjs test: a test worker turns the output into events of the test that printed it.
  if (internals.consolePrint !== undefined) internals.consolePrint(fd, `${text}\n`);
  else host.print(fd, `${text}\n`);
}

function currentStack(skipFrames) {
  const stack = new P.Error().stack ?? "";
  const lines = P.ArrayPrototypeSlice(P.StringPrototypeSplit(stack, "\n"), skipFrames);
  return internals.formatStackFrames(P.ArrayPrototypeJoin(lines, "\n"));
}

function formatDuration(ms) {
  if (ms >= 1000) return `${(ms / 1000).toFixed(3)}s`;
  return `${ms.toFixed(3)}ms`;
}

function label(value) {
  return value === undefined ? "default" : `${value}`;
}

const consoleMethods = {
  log(...args) { write(STDOUT, formatArguments(args)); },
  info(...args) { write(STDOUT, formatArguments(args)); },
  debug(...args) { write(STDOUT, formatArguments(args)); },
  warn(...args) { write(STDERR, formatArguments(args)); },
  error(...args) { write(STDERR, formatArguments(args)); },
  dirxml(...args) { write(STDOUT, formatArguments(args)); },
  dir(item, options = undefined) {
    write(STDOUT, inspect(item, typeof options === "object" && options !== null ? options : undefined));
  },
  trace(...args) {
    const message = formatArguments(args);
    write(STDERR, `Trace${message === "" ? "" : `: ${message}`}\n${currentStack(2)}`);
  },
  assert(condition = false, ...data) {
    if (condition) return;
    if (data.length === 0) data = ["Assertion failed"];
    else if (typeof data[0] === "string") data[0] = `Assertion failed: ${data[0]}`;
    else P.ArrayPrototypeSplice(data, 0, 0, "Assertion failed");
    write(STDERR, formatArguments(data));
  },
  count(name = undefined) {
    const key = label(name);
    const count = (P.MapPrototypeGet(counts, key) ?? 0) + 1;
    P.MapPrototypeSet(counts, key, count);
    write(STDOUT, `${key}: ${count}`);
  },
  countReset(name = undefined) {
    const key = label(name);
    if (!P.MapPrototypeHas(counts, key)) {
      write(STDERR, `Warning: Count for '${key}' does not exist`);
      return;
    }
    P.MapPrototypeSet(counts, key, 0);
  },
  group(...data) {
    if (data.length > 0) write(STDOUT, formatArguments(data));
    groupIndentation += "  ";
  },
  groupCollapsed(...data) {
    consoleMethods.group(...data);
  },
  groupEnd() {
    groupIndentation = P.StringPrototypeSlice(groupIndentation, 0, P.MathMax(0, groupIndentation.length - 2));
  },
  time(name = undefined) {
    const key = label(name);
    if (P.MapPrototypeHas(timers, key)) {
      write(STDERR, `Warning: Label '${key}' already exists for console.time()`);
      return;
    }
    P.MapPrototypeSet(timers, key, host.now());
  },
  timeLog(name = undefined, ...data) {
    const key = label(name);
    const start = P.MapPrototypeGet(timers, key);
    if (start === undefined) {
      write(STDERR, `Warning: No such label '${key}' for console.timeLog()`);
      return;
    }
    const extra = data.length > 0 ? ` ${formatArguments(data)}` : "";
    write(STDOUT, `${key}: ${formatDuration(host.now() - start)}${extra}`);
  },
  timeEnd(name = undefined) {
    const key = label(name);
    const start = P.MapPrototypeGet(timers, key);
    if (start === undefined) {
      write(STDERR, `Warning: No such label '${key}' for console.timeEnd()`);
      return;
    }
    P.MapPrototypeDelete(timers, key);
    write(STDOUT, `${key}: ${formatDuration(host.now() - start)}`);
  },
  table(data, properties = undefined) {
    if (data === null || typeof data !== "object") {
      consoleMethods.log(data);
      return;
    }
    write(STDOUT, internals.require("console-table").renderTable(data, properties));
  },
  clear() {},
};

// The console namespace object: a plain object whose [[Prototype]] is an empty object
// (https://console.spec.whatwg.org/#console-namespace), with methods that work unbound.
const consoleObject = P.ObjectCreate({});
for (const name of P.ObjectKeys(consoleMethods)) {
  P.ObjectDefineProperty(consoleObject, name, { value: consoleMethods[name], writable: true, enumerable: true, configurable: true });
}
P.ObjectDefineProperty(consoleObject, P.SymbolToStringTag, { value: "console", configurable: true });

internals.console = consoleObject;
internals.formatArguments = formatArguments;
