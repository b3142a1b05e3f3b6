// SPDX-License-Identifier: MIT
// Value formatting for console, modelled on the layout users know from Node's util.inspect
// (depth 2, lines up to 80 columns, the three innermost levels joined on one line when they fit,
// long arrays of short items in columns) so that wsjs output reads like Node's and Deno's.
const P = internals.require("primordials").primordials;
internals.require("webidl");
const { MathMax, MathMin, MathFloor, MathRound } = P;

const defaultOptions = { depth: 2, breakLength: 80, compact: 3, showHidden: false, maxArrayLength: 100, maxStringLength: 10000 };
const customInspect = P.SymbolFor("nodejs.util.inspect.custom");
const identifier = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
/// Prototypes of the runtime's own interfaces (webidl.configureInterface): their attributes are
/// accessors on the prototype, so they are listed by walking the chain (as Deno shows an Event).
const { interfacePrototypes } = internals.webidl;

function inspect(value, options = undefined) {
  const ctx = { ...defaultOptions, ...options, seen: [], circular: new P.Map(), indentation: 0, currentDepth: 0 };
  return formatValue(ctx, value, 0, true);
}

// Strings -----------------------------------------------------------------------------------

const escapes = { "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f", "\v": "\\x0B", "\\": "\\\\" };

function quote(string) {
  let q = "'";
  if (P.StringPrototypeIncludes(string, "'")) {
    if (!P.StringPrototypeIncludes(string, '"')) q = '"';
    else if (!P.StringPrototypeIncludes(string, "`") && !P.StringPrototypeIncludes(string, "${")) q = "`";
  }
  let result = "";
  for (let i = 0; i < string.length; i++) {
    const ch = string[i];
    const code = P.StringPrototypeCharCodeAt(string, i);
    if (ch === q) result += `\\${q}`;
    else if (escapes[ch] !== undefined) result += escapes[ch];
    else if (code < 0x20 || code === 0x7f) result += `\\x${P.StringPrototypePadStart(code.toString(16).toUpperCase(), 2, "0")}`;
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = P.StringPrototypeCharCodeAt(string, i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        result += ch + string[i + 1];
        i++;
      } else {
        result += `\\u${code.toString(16).toUpperCase()}`;
      }
    } else result += ch;
  }
  return q + result + q;
}

function formatKey(key) {
  if (typeof key === "symbol") return P.SymbolPrototypeToString(key);
  return P.RegExpPrototypeTest(identifier, key) ? key : quote(key);
}

function formatNumber(number) {
  return P.ObjectIs(number, -0) ? "-0" : `${number}`;
}

function formatPrimitive(ctx, value) {
  switch (typeof value) {
    case "string": {
      const truncated = value.length > ctx.maxStringLength;
      const shown = truncated ? P.StringPrototypeSlice(value, 0, ctx.maxStringLength) : value;
      return quote(shown) + (truncated ? `... ${value.length - ctx.maxStringLength} more characters` : "");
    }
    case "number": return formatNumber(value);
    case "bigint": return `${value}n`;
    case "boolean": return `${value}`;
    case "undefined": return "undefined";
    case "symbol": return P.SymbolPrototypeToString(value);
  }
  return "null";
}

// Values ------------------------------------------------------------------------------------

function formatValue(ctx, value, depth, topLevel = false) {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return formatPrimitive(ctx, value);
  if (typeof value[customInspect] === "function" && value[customInspect] !== inspect) {
    const custom = value[customInspect](ctx.depth - depth, { ...ctx }, inspect);
    if (custom !== value) return typeof custom === "string" ? custom : formatValue(ctx, custom, depth);
  }
  if (P.ArrayPrototypeIncludes(ctx.seen, value)) {
    let index = P.MapPrototypeGet(ctx.circular, value);
    if (index === undefined) {
      index = P.MapPrototypeGetSize(ctx.circular) + 1;
      P.MapPrototypeSet(ctx.circular, value, index);
    }
    return `[Circular *${index}]`;
  }
  return formatObject(ctx, value, depth, topLevel);
}

function constructorName(object) {
  let current = object;
  while (current !== null) {
    const descriptor = P.ObjectGetOwnPropertyDescriptor(current, "constructor");
    if (descriptor !== undefined && typeof descriptor.value === "function" && descriptor.value.name !== "") return descriptor.value.name;
    current = P.ObjectGetPrototypeOf(current);
  }
  return null;
}

function prefix(name, tag, fallback, size = "") {
  if (name === null) return tag !== "" && tag !== fallback ? `[${fallback}${size}: null prototype] [${tag}] ` : `[${fallback}${size}: null prototype] `;
  return tag !== "" && tag !== name ? `${name}${size} [${tag}] ` : `${name}${size} `;
}

function isError(value) {
  return P.ObjectPrototypeToString(value) === "[object Error]" || value instanceof P.Error;
}

function formatObject(ctx, value, depth, topLevel) {
  const name = constructorName(value);
  let tag = value[P.SymbolToStringTag];
  tag = typeof tag === "string" ? tag : "";
  let keys = ownKeys(ctx, value);
  let braces;
  let base = "";
  let entries = null;
  let isArrayLike = false;

  if (P.ArrayIsArray(value)) {
    const head = name !== "Array" || tag !== "" ? prefix(name, tag, "Array", `(${value.length})`) : "";
    keys = P.ArrayPrototypeFilter(keys, (key) => !isIndex(key));
    braces = [`${head}[`, "]"];
    isArrayLike = true;
    entries = () => formatArrayItems(ctx, value, depth);
  } else if (P.ArrayBufferIsView(value) && !(value instanceof P.DataView)) {
    const length = P.TypedArrayPrototypeGetLength(value);
    const typeName = P.TypedArrayPrototypeGetSymbolToStringTag(value);
    braces = [`${prefix(name, tag === typeName ? "" : tag, typeName, `(${length})`)}[`, "]"];
    keys = P.ArrayPrototypeFilter(keys, (key) => !isIndex(key));
    isArrayLike = true;
    entries = () => formatTypedArrayItems(ctx, value, length);
  } else if (value instanceof P.Map) {
    braces = [`${prefix(name, tag === "Map" ? "" : tag, "Map", `(${P.MapPrototypeGetSize(value)})`)}{`, "}"];
    entries = () => {
      const output = [];
      P.MapPrototypeForEach(value, (v, k) => P.ArrayPrototypePush(output, `${formatValue(ctx, k, depth + 1)} => ${formatValue(ctx, v, depth + 1)}`));
      return output;
    };
  } else if (value instanceof P.Set) {
    braces = [`${prefix(name, tag === "Set" ? "" : tag, "Set", `(${P.SetPrototypeGetSize(value)})`)}{`, "}"];
    isArrayLike = true;
    entries = () => {
      const output = [];
      P.SetPrototypeForEach(value, (v) => P.ArrayPrototypePush(output, formatValue(ctx, v, depth + 1)));
      return output;
    };
  } else if (typeof value === "function") {
    base = formatFunction(value, name, tag);
    if (keys.length === 0) return base;
    braces = ["{", "}"];
  } else if (value instanceof P.RegExp) {
    base = P.RegExpPrototypeToString(value);
    if (keys.length === 0) return base;
    braces = ["{", "}"];
  } else if (value instanceof P.Date) {
    const time = P.DatePrototypeGetTime(value);
    base = P.NumberIsNaN(time) ? "Invalid Date" : P.DatePrototypeToISOString(value);
    if (keys.length === 0) return base;
    braces = ["{", "}"];
  } else if (isError(value)) {
    base = formatError(value, ctx);
    keys = P.ArrayPrototypeFilter(keys, (key) => key !== "stack" && key !== "message" && key !== "line" && key !== "column" && key !== "sourceURL");
    if (keys.length === 0) return base;
    braces = ["{", "}"];
  } else if (internals.webidl.isArrayBuffer(value)) {
    braces = [`${prefix(name, tag === "ArrayBuffer" ? "" : tag, "ArrayBuffer")}{`, "}"];
    entries = () => {
      const bytes = new P.Uint8Array(value);
      let hex = "";
      const shown = MathMin(bytes.length, 50);
      for (let i = 0; i < shown; i++) hex += `${i ? " " : ""}${P.StringPrototypePadStart(bytes[i].toString(16), 2, "0")}`;
      if (bytes.length > shown) hex += ` ... ${bytes.length - shown} more byte${bytes.length - shown > 1 ? "s" : ""}`;
      return [`[Uint8Contents]: <${hex}>`, `[byteLength]: ${bytes.length}`];
    };
  } else if (value instanceof P.DataView) {
    braces = [`${prefix(name, tag === "DataView" ? "" : tag, "DataView")}{`, "}"];
    entries = () => [
      `[byteLength]: ${P.DataViewPrototypeGetByteLength(value)}`,
      `[byteOffset]: ${P.DataViewPrototypeGetByteOffset(value)}`,
      `[buffer]: ${formatValue(ctx, P.DataViewPrototypeGetBuffer(value), depth + 1)}`,
    ];
  } else if (value instanceof P.Promise) {
    braces = [`${prefix(name, tag === "Promise" ? "" : tag, "Promise")}{`, "}"];
  } else if (value instanceof P.WeakMap || value instanceof P.WeakSet) {
    braces = [`${prefix(name, "", tag)}{`, "}"];
    entries = () => ["<items unknown>"];
  } else if (isBoxedPrimitive(value)) {
    const primitive = value.valueOf();
    const kind = typeof primitive === "bigint" ? "BigInt" : typeof primitive === "symbol" ? "Symbol" : name ?? "Object";
    base = `[${kind}: ${formatPrimitive(ctx, primitive)}]`;
    if (typeof primitive === "string") keys = P.ArrayPrototypeFilter(keys, (key) => !isIndex(key) && key !== "length");
    if (keys.length === 0) return base;
    braces = ["{", "}"];
  } else if (P.ObjectPrototypeToString(value) === "[object Arguments]") {
    braces = ["[Arguments] [", "]"];
    isArrayLike = true;
    keys = P.ArrayPrototypeFilter(keys, (key) => !isIndex(key));
    entries = () => formatArrayItems(ctx, value, depth);
  } else {
    const head = name === "Object" && tag === "" ? "" : prefix(name, tag, "Object");
    braces = [`${head}{`, "}"];
    if (isInterfaceObject(value)) entries = () => formatInterfaceAttributes(ctx, value, depth);
  }

  if (depth > ctx.depth) return `[${P.ArrayIsArray(value) ? "Array" : name ?? (tag || "Object")}]`;

  P.ArrayPrototypePush(ctx.seen, value);
  ctx.currentDepth = depth;
  const output = entries ? entries() : [];
  for (const key of keys) P.ArrayPrototypePush(output, formatProperty(ctx, value, key, depth));
  ctx.seen.pop();

  let result = reduceToSingleString(ctx, output, base, braces, isArrayLike, depth, value);
  const circularIndex = P.MapPrototypeGet(ctx.circular, value);
  if (circularIndex !== undefined) result = `<ref *${circularIndex}> ${result}`;
  return result;
}

function ownKeys(ctx, value) {
  if (ctx.showHidden) return P.ReflectOwnKeys(value);
  const keys = P.ObjectKeys(value);
  for (const symbol of P.ObjectGetOwnPropertySymbols(value)) {
    if (P.ObjectPrototypePropertyIsEnumerable(value, symbol)) P.ArrayPrototypePush(keys, symbol);
  }
  return keys;
}

function isIndex(key) {
  return typeof key === "string" && key !== "" && `${key >>> 0}` === key && key !== "4294967295";
}

function isBoxedPrimitive(value) {
  for (const Box of [P.Number, P.String, P.Boolean, P.BigInt, P.Symbol]) {
    try {
      Box.prototype.valueOf.call(value);
      return true;
    } catch {}
  }
  return false;
}

function isInterfaceObject(value) {
  for (let proto = P.ObjectGetPrototypeOf(value); proto !== null; proto = P.ObjectGetPrototypeOf(proto)) {
    if (interfacePrototypes.has(proto)) return true;
  }
  return false;
}

function formatInterfaceAttributes(ctx, value, depth) {
  const output = [];
  const seenKeys = [];
  for (let proto = P.ObjectGetPrototypeOf(value); proto !== null && proto !== P.Object.prototype; proto = P.ObjectGetPrototypeOf(proto)) {
    for (const key of P.ObjectGetOwnPropertyNames(proto)) {
      const descriptor = P.ObjectGetOwnPropertyDescriptor(proto, key);
      if (!descriptor.get || !descriptor.enumerable || P.ArrayPrototypeIncludes(seenKeys, key)) continue;
      P.ArrayPrototypePush(seenKeys, key);
      let shown;
      try {
        shown = formatValue(ctx, P.ReflectApply(descriptor.get, value, []), depth + 1);
      } catch {
        shown = "[Getter]";
      }
      P.ArrayPrototypePush(output, `${formatKey(key)}: ${shown}`);
    }
  }
  return output;
}

function formatFunction(fn, name, tag) {
  let source = "";
  try {
    source = P.FunctionPrototypeToString(fn);
  } catch {}
  if (P.StringPrototypeSlice(source, 0, 5) === "class" && /^class[\s{]/.test(source)) {
    const superName = P.ObjectGetPrototypeOf(fn)?.name;
    return `[class ${fn.name || "(anonymous)"}${superName ? ` extends ${superName}` : ""}]`;
  }
  let kind = "Function";
  if (tag === "AsyncFunction" || tag === "GeneratorFunction" || tag === "AsyncGeneratorFunction") kind = tag;
  const base = fn.name ? `[${kind}: ${fn.name}]` : `[${kind} (anonymous)]`;
  return name === null ? `[${kind} (null prototype)${fn.name ? `: ${fn.name}` : ""}]` : base;
}

/// An error as its stack, led by "Name: message" and with JSC's "fn@file:line:col" frames
/// rewritten as "    at fn (file:line:col)", the form Node and Deno print.
function formatError(error, ctx) {
  let header;
  try {
    const name = error.name ?? "Error";
    const message = error.message ?? "";
    header = message === "" ? `${name}` : `${name}: ${message}`;
  } catch {
    header = "Error";
  }
  const stack = typeof error.stack === "string" ? error.stack : "";
  const frames = formatStackFrames(stack);
  const text = frames === "" ? `[${header}]` : `${header}\n${frames}`;
  if (ctx.indentation === 0) return text;
  return P.StringPrototypeReplace(text, /\n/g, `\n${P.StringPrototypeRepeat(" ", ctx.indentation)}`);
}

function formatStackFrames(stack) {
  const lines = [];
  for (const line of P.StringPrototypeSplit(stack, "\n")) {
    if (line === "") continue;
    const at = line.indexOf("@");
    if (at === -1) {
      P.ArrayPrototypePush(lines, `    at ${line}`);
      continue;
    }
    const fn = P.StringPrototypeSlice(line, 0, at);
    const location = P.StringPrototypeSlice(line, at + 1);
    // Frames of native code and of the prelude are noise in a user's stack.
    if (location === "[native code]" || P.StringPrototypeSlice(location, 0, 14) === "wsjs:internal/") continue;
    P.ArrayPrototypePush(lines, fn === "" || fn === "global code" ? `    at ${location}` : `    at ${fn} (${location})`);
  }
  return P.ArrayPrototypeJoin(lines, "\n");
}

function formatProperty(ctx, value, key, depth) {
  const descriptor = P.ObjectGetOwnPropertyDescriptor(value, key) ?? { value: value[key], enumerable: true };
  let name = formatKey(key);
  if (!descriptor.enumerable) name = `[${name}]`;
  if (descriptor.get !== undefined || descriptor.set !== undefined) {
    const kind = descriptor.get && descriptor.set ? "Getter/Setter" : descriptor.get ? "Getter" : "Setter";
    return `${name}: [${kind}]`;
  }
  ctx.indentation += 2;
  const shown = formatValue(ctx, descriptor.value, depth + 1);
  ctx.indentation -= 2;
  return `${name}: ${shown}`;
}

function formatArrayItems(ctx, array, depth) {
  const output = [];
  const length = array.length;
  const shown = MathMin(length, ctx.maxArrayLength);
  let holes = 0;
  const flushHoles = () => {
    if (holes > 0) P.ArrayPrototypePush(output, `<${holes} empty item${holes > 1 ? "s" : ""}>`);
    holes = 0;
  };
  for (let i = 0; i < shown; i++) {
    if (!P.ObjectPrototypeHasOwnProperty(array, i)) {
      holes++;
      continue;
    }
    flushHoles();
    ctx.indentation += 2;
    P.ArrayPrototypePush(output, formatValue(ctx, array[i], depth + 1));
    ctx.indentation -= 2;
  }
  flushHoles();
  if (length > shown) P.ArrayPrototypePush(output, `... ${length - shown} more item${length - shown > 1 ? "s" : ""}`);
  return output;
}

function formatTypedArrayItems(ctx, array, length) {
  const output = [];
  const shown = MathMin(length, ctx.maxArrayLength);
  for (let i = 0; i < shown; i++) P.ArrayPrototypePush(output, formatPrimitive(ctx, array[i]));
  if (length > shown) P.ArrayPrototypePush(output, `... ${length - shown} more item${length - shown > 1 ? "s" : ""}`);
  return output;
}

// Layout ------------------------------------------------------------------------------------

/// One line when the entries fit (and the innermost `compact` levels are involved), otherwise
/// one entry (or one row of grouped array items) per line, indented by two spaces.
function reduceToSingleString(ctx, output, base, braces, isArrayLike, depth, value) {
  const entries = output.length;
  if (isArrayLike && entries > 6) output = groupArrayItems(ctx, output, value);
  const basePart = base === "" ? "" : `${base} `;
  if (output.length === 0) return braces[1] === "]" || base === "" ? `${basePart}${braces[0]}${braces[1]}` : base;
  if (ctx.currentDepth - depth < ctx.compact && entries === output.length) {
    const start = output.length + ctx.indentation + braces[0].length + base.length + 10;
    if (fitsOnOneLine(ctx, output, start, base)) {
      const joined = P.ArrayPrototypeJoin(output, ", ");
      if (!P.StringPrototypeIncludes(joined, "\n")) return `${basePart}${braces[0]} ${joined} ${braces[1]}`;
    }
  }
  const indentation = `\n${P.StringPrototypeRepeat(" ", ctx.indentation)}`;
  return `${basePart}${braces[0]}${indentation}  ${P.ArrayPrototypeJoin(output, `,${indentation}  `)}${indentation}${braces[1]}`;
}

function fitsOnOneLine(ctx, output, start, base) {
  let total = output.length + start;
  if (total + output.length > ctx.breakLength) return false;
  for (const entry of output) {
    total += entry.length;
    if (total > ctx.breakLength) return false;
  }
  return base === "" || !P.StringPrototypeIncludes(base, "\n");
}

/// Lays many short array items out in aligned columns, roughly as a square block of text
/// (characters being about 2.5 times as high as wide); numbers are right-aligned.
function groupArrayItems(ctx, output, value) {
  let itemCount = output.length;
  if (ctx.maxArrayLength < value?.length && itemCount > 0 && P.StringPrototypeSlice(output[itemCount - 1], 0, 4) === "... ") itemCount--;
  const separator = 2;
  const lengths = [];
  let total = 0;
  let longest = 0;
  for (let i = 0; i < itemCount; i++) {
    const length = output[i].length;
    P.ArrayPrototypePush(lengths, length);
    total += length + separator;
    if (length > longest) longest = length;
  }
  const cell = longest + separator;
  if (!(cell * 3 + ctx.indentation < ctx.breakLength && (total / cell > 5 || longest <= 6))) return output;
  const bias = Math.sqrt(cell - total / output.length);
  const biasedCell = MathMax(cell - 3 - bias, 1);
  const columns = MathMin(
    MathRound(Math.sqrt(2.5 * biasedCell * itemCount) / biasedCell),
    MathFloor((ctx.breakLength - ctx.indentation) / cell),
    ctx.compact * 4,
    15,
  );
  if (columns <= 1) return output;
  const widths = [];
  for (let column = 0; column < columns; column++) {
    let width = 0;
    for (let j = column; j < itemCount; j += columns) if (lengths[j] > width) width = lengths[j];
    P.ArrayPrototypePush(widths, width + separator);
  }
  let numeric = value !== undefined;
  for (let i = 0; numeric && i < itemCount; i++) {
    if (typeof value[i] !== "number" && typeof value[i] !== "bigint") numeric = false;
  }
  const rows = [];
  for (let i = 0; i < itemCount; i += columns) {
    const last = MathMin(i + columns, itemCount) - 1;
    let row = "";
    for (let j = i; j < last; j++) {
      const cellText = `${output[j]}, `;
      row += numeric ? P.StringPrototypePadStart(cellText, widths[j - i], " ") : cellText.padEnd(widths[j - i], " ");
    }
    row += numeric ? P.StringPrototypePadStart(output[last], widths[last - i] - separator, " ") : output[last];
    P.ArrayPrototypePush(rows, row);
  }
  if (itemCount < output.length) P.ArrayPrototypePush(rows, output[itemCount]);
  return rows;
}

internals.inspect = inspect;
internals.formatStackFrames = formatStackFrames;
