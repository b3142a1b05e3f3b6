// SPDX-License-Identifier: MIT
// ES modules on JavaScriptCore's own module loader (ModuleLoader.js inside the engine), which
// does every part of module semantics: parsing, linking, cycles, live bindings, evaluation order,
// top-level await. wsjs answers only what a host must (ECMA-262 §16.2.1.9 HostLoadImportedModule,
// §16.2.1.12 HostGetImportMetaProperties; HTML §8.1.5.3 "resolve a module specifier"):
//
// - `resolve(specifier, referrer)`: the HTML algorithm with import maps (import-map.js), then the
//   schemes wsjs loads: file: and its own wsjs: modules (http: and https: are refused).
// - `fetch(key, attributes)`: a file's text (JSON modules need `with { type: "json" }`), handed to
//   the engine as a source object by host.moduleProvide (CWSJSModules).
// - `import.meta`: url, main, filename, dirname (as Deno has them) and resolve().
//
// The loader calls `this.resolve`, `this.fetch` and `this.loadModule` on its own object, which
// the C hooks hand to `importHook` on the first `import()`: those three are replaced there.
const P = internals.require("primordials").primordials;
/// The URL Standard's parser, loaded only for URLs the path fast paths below do not cover
/// (loading it costs more than the rest of a module's start-up).
let urlModule = null;
const urlOps = () => (urlModule ??= internals.require("url").url);
const JSONParse = JSON.parse;
const decodeURIComponentIntrinsic = decodeURIComponent;
// Captured with this module (the first module use), like the primordials.
const RegExpPrototypeExec = P.uncurryThis(RegExp.prototype.exec);
const StringPrototypeLastIndexOf = P.uncurryThis(String.prototype.lastIndexOf);
const WeakSetPrototypeHas = P.uncurryThis(WeakSet.prototype.has);
const WeakSetPrototypeAdd = P.uncurryThis(WeakSet.prototype.add);

let loader = null;
let registry = null;
let requestImportModule = null;
let originalLink = null;
let mainURL = null;
let importMap = null;
/// Text of each module loaded, to point errors at the importing line.
const texts = new Map();
/// The first import of each module key: { specifier, referrer }.
const importedBy = new Map();
/// wsjs: modules: key → function returning the exports object.
const builtinModules = new Map();
/// key → the exports object a built-in module's `import.meta.exports` gives its text.
const builtinExports = new Map();
/// Module texts given by the embedder (the main module's source variant, the self-test).
const presetSources = new Map();
/// What the self-test saw as the referrer of its dynamic import.
let selfTestReferrer;

// Paths and file: URLs ------------------------------------------------------------------------

function currentDirectory() {
  const cwd = host.cwd();
  return cwd[cwd.length - 1] === "/" ? cwd : `${cwd}/`;
}

/// Paths made only of these characters are the same in a file: URL's path (the URL parser would
/// neither encode nor decode any of them).
const plainPath = /^[A-Za-z0-9._~!$&'()*+,;=:@\/\[\]-]*$/;

/// `path` with "." and ".." segments resolved (URL Standard's path parsing, for plain paths).
function normalizePath(path) {
  const segments = P.StringPrototypeSplit(path, "/");
  const output = [];
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if (segment === "..") {
      if (output.length > 0) output.length -= 1;
      if (last) P.ArrayPrototypePush(output, "");
    } else if (segment === ".") {
      if (last) P.ArrayPrototypePush(output, "");
    } else {
      P.ArrayPrototypePush(output, segment);
    }
  }
  return `/${P.ArrayPrototypeJoin(output, "/")}`;
}

/// A file: URL for a path (relative paths against the working directory). The characters the URL
/// parser would read as delimiters are percent-encoded first; it encodes the rest.
function pathToFileURL(path) {
  const absolute = path[0] === "/" ? path : currentDirectory() + path;
  if (P.RegExpPrototypeTest(plainPath, absolute)) return `file://${normalizePath(absolute)}`;
  let encoded = "";
  for (let i = 0; i < absolute.length; i++) {
    const c = absolute[i];
    encoded += c === "%" ? "%25" : c === "#" ? "%23" : c === "?" ? "%3F" : c === "\\" ? "%5C" : c === "\n" ? "%0A" : c === "\r" ? "%0D" : c === "\t" ? "%09" : c;
  }
  return urlOps().serializeURL(urlOps().parseURL(`file://${encoded}`));
}

function fileURLToPath(url) {
  const path = P.StringPrototypeSlice(url, 7);
  if (P.StringPrototypeSlice(url, 0, 8) === "file:///" && P.RegExpPrototypeTest(plainPath, path)) return path;
  const record = urlOps().parseURL(url);
  return decodeURIComponentIntrinsic(urlOps().serializePath(record));
}

function isFileURL(key) {
  return P.StringPrototypeSlice(key, 0, 5) === "file:";
}

/// The base URL for a referrer: a module's key, or the path (or [eval]) a classic script was
/// evaluated under.
function referrerURL(referrer) {
  if (typeof referrer !== "string" || referrer === "" || referrer[0] === "[") return pathToFileURL(currentDirectory());
  if (isFileURL(referrer) || P.StringPrototypeSlice(referrer, 0, 5) === "wsjs:") {
    // The prelude's own scripts resolve against the working directory.
    return P.StringPrototypeSlice(referrer, 0, 14) === "wsjs:internal/" ? pathToFileURL(currentDirectory()) : referrer;
  }
  return pathToFileURL(referrer);
}

// Resolution -----------------------------------------------------------------------------------

// HTML §8.1.5.3 "resolve a URL-like module specifier".
function resolveURLLike(specifier, baseURL) {
  const first = specifier[0];
  if (first === "/" || P.StringPrototypeSlice(specifier, 0, 2) === "./" || P.StringPrototypeSlice(specifier, 0, 3) === "../") {
    // Fast path: a plain relative path against a plain file: URL is a path join (what the URL
    // parser would do); "//host" and anything to encode or decode go to the parser.
    if (P.StringPrototypeSlice(specifier, 0, 2) !== "//" && P.StringPrototypeSlice(baseURL, 0, 8) === "file:///" &&
        P.RegExpPrototypeTest(plainPath, specifier) && P.RegExpPrototypeTest(plainPath, P.StringPrototypeSlice(baseURL, 7))) {
      const basePath = P.StringPrototypeSlice(baseURL, 7);
      const directory = P.StringPrototypeSlice(basePath, 0, StringPrototypeLastIndexOf(basePath, "/") + 1);
      return `file://${normalizePath(first === "/" ? specifier : directory + specifier)}`;
    }
    const record = urlOps().parseURL(specifier, baseURL);
    return record === null ? null : urlOps().serializeURL(record);
  }
  // wsjs:name needs no parsing; neither does a plain file: URL.
  if (P.RegExpPrototypeTest(/^wsjs:[a-z0-9-]+$/, specifier)) return specifier;
  if (P.StringPrototypeSlice(specifier, 0, 8) === "file:///" && P.RegExpPrototypeTest(plainPath, P.StringPrototypeSlice(specifier, 7))) {
    return `file://${normalizePath(P.StringPrototypeSlice(specifier, 7))}`;
  }
  const record = urlOps().parseURL(specifier);
  return record === null ? null : urlOps().serializeURL(record);
}

// HTML §8.1.5.3 "resolve a module specifier" (steps 1–4, about the settings object, do not apply).
function resolveModuleSpecifier(specifier, baseURL) {
  // 5. Let asURL be the result of resolving a URL-like module specifier.
  const asURL = resolveURLLike(specifier, baseURL);
  // 6. Let normalizedSpecifier be asURL serialized, if not null; otherwise specifier.
  const normalizedSpecifier = asURL ?? specifier;
  // 7.–9. The import map's scopes, then its top-level imports (import-map.js).
  if (importMap !== null) {
    const mapped = internals.require("import-map").importMaps.resolve(importMap, normalizedSpecifier, asURL, baseURL);
    if (mapped !== null) return mapped;
  }
  // 10. If asURL is not null, return it.
  if (asURL !== null) return asURL;
  // 11. Throw a TypeError indicating that specifier was a bare specifier.
  throw new P.TypeError(`Cannot resolve the bare specifier "${specifier}" from ${baseURL}: wsjs imports paths ("./", "../", "/") and file: URLs; map a bare name to a file in an import map given with --import-map FILE, e.g. { "imports": { "${specifier}": "./vendor/${specifier}.js" } }`);
}

/// The schemes wsjs loads code from.
function checkScheme(key) {
  if (isFileURL(key) || P.MapPrototypeHas(presetSources, key)) return;
  const scheme = P.StringPrototypeSlice(key, 0, P.StringPrototypeIndexOf(key, ":"));
  if (scheme === "wsjs") {
    if (!P.MapPrototypeHas(builtinModules, key)) throw new P.TypeError(`There is no built-in module "${key}"`);
    return;
  }
  if (scheme === "http" || scheme === "https") {
    throw new P.TypeError(`Import of "${key}" refused: wsjs does not load code over the network; save the module and import it from a file`);
  }
  throw new P.TypeError(`Import of "${key}" refused: wsjs imports file: URLs, paths and its own wsjs: modules, not ${scheme}: URLs`);
}

/// Points an error at the line of `referrer` that imports `specifier` (its first mention as a
/// quoted string), as an uncaught error prints `sourceURL:line:column`.
function locateImport(error, referrer, specifier) {
  const text = P.MapPrototypeGet(texts, referrer);
  let line = 0, column = 0;
  if (text !== undefined) {
    let at = P.StringPrototypeIndexOf(text, `"${specifier}"`);
    if (at === -1) at = P.StringPrototypeIndexOf(text, `'${specifier}'`);
    if (at !== -1) {
      const before = P.StringPrototypeSlice(text, 0, at);
      const lines = P.StringPrototypeSplit(before, "\n");
      line = lines.length;
      column = lines[lines.length - 1].length + 1;
    }
  }
  P.ObjectDefineProperty(error, "sourceURL", { value: referrer, writable: true, configurable: true });
  P.ObjectDefineProperty(error, "line", { value: line, writable: true, configurable: true });
  P.ObjectDefineProperty(error, "column", { value: column, writable: true, configurable: true });
  return error;
}

// The loader's hooks ---------------------------------------------------------------------------

/// `loader.resolve(specifier, referrer)`: the module's key, its absolute URL.
function loaderResolve(specifier, referrer) {
  const baseURL = referrerURL(referrer);
  let key;
  try {
    key = resolveModuleSpecifier(`${specifier}`, baseURL);
    checkScheme(key);
  } catch (error) {
    throw locateImport(error, baseURL, specifier);
  }
  if (!P.MapPrototypeHas(importedBy, key)) P.MapPrototypeSet(importedBy, key, { specifier, referrer: baseURL });
  return key;
}

/// `loader.fetch(key, attributes)`: the engine's source object for the module, in a promise.
function loaderFetch(key, parameters) {
  // The `type` import attribute (ECMA-262 §16.2.1.3 ModuleRequest [[Attributes]]).
  const type = host.moduleAttributeType(parameters);
  let text = P.MapPrototypeGet(presetSources, key);
  if (text === undefined && !isFileURL(key)) text = builtinSource(key);
  if (text === undefined) {
    const path = fileURLToPath(key);
    text = host.readModuleFile(path);
    if (typeof text !== "string") {
      const why = host.errorText(text);
      const first = P.MapPrototypeGet(importedBy, key);
      const error = new P.TypeError(first === undefined
        ? `Cannot find module ${key}: ${path}: ${why}`
        : `Cannot find module "${first.specifier}" imported from ${first.referrer}: ${path}: ${why}`);
      throw first === undefined ? error : locateImport(error, first.referrer, first.specifier);
    }
  }
  const isJSON = P.StringPrototypeSlice(key, -5) === ".json";
  if (type === 2) throw new P.TypeError(`Cannot import ${key}: wsjs does not load WebAssembly modules`);
  // HTML "fetch a single module script" step 13: the module type asked for must match the
  // resource's (wsjs takes a .json file as application/json, anything else as JavaScript).
  if (type === 3 && !isJSON) throw importTypeError(key, `it is a JavaScript module, not JSON ("type": "json" asks for JSON)`);
  if (type !== 3 && isJSON) throw importTypeError(key, `it is a JSON module: import it with { type: "json" }`);
  if (isJSON) text = jsonModuleSource(key, text);
  P.MapPrototypeSet(texts, key, text);
  return host.moduleProvide(text, key);
}

function importTypeError(key, why) {
  const first = P.MapPrototypeGet(importedBy, key);
  const error = new P.TypeError(`Cannot import ${key}: ${why}`);
  return first === undefined ? error : locateImport(error, first.referrer, first.specifier);
}

/// A JSON module (HTML "create a JSON module script"): its default export is the parsed value.
/// Deviation: the value is evaluated as an object literal, so a "__proto__" key sets the
/// prototype rather than making an own property.
function jsonModuleSource(key, text) {
  try {
    JSONParse(text);
  } catch (error) {
    const syntaxError = new P.SyntaxError(`${key} is not valid JSON: ${error.message}`);
    P.ObjectDefineProperty(syntaxError, "sourceURL", { value: key, configurable: true });
    P.ObjectDefineProperty(syntaxError, "line", { value: 1, configurable: true });
    P.ObjectDefineProperty(syntaxError, "column", { value: undefined, configurable: true });
    throw syntaxError;
  }
  return `export default ${text}\n;`;
}

/// `loader.loadModule(symbol)`, which JSC::loadModule calls right after filing a provided source
/// under a fresh symbol: the entry is taken back out of the registry and its fetch promise,
/// fulfilled with the source object, is what host.moduleProvide returns.
function takeProvidedFetch(symbol) {
  const entry = P.MapPrototypeGet(registry, symbol);
  P.MapPrototypeDelete(registry, symbol);
  return entry.fetch;
}

/// `loader.link(entry)`: JavaScriptCore says "Importing binding name 'x' is not found." with no
/// place; the message becomes the one V8 and Deno print, at the importing line.
function loaderLink(entry, fetcher) {
  try {
    return P.ReflectApply(originalLink, this, [entry, fetcher]);
  } catch (error) {
    rewriteMissingExport(error, entry.key);
    throw error;
  }
}

const missingExportPattern = /^Importing binding name '([^']*)' is not found\.$/;
const rewritten = new WeakSet();

function rewriteMissingExport(error, importer) {
  if (error === null || typeof error !== "object" || WeakSetPrototypeHas(rewritten, error)) return;
  const match = RegExpPrototypeExec(missingExportPattern, `${error.message}`);
  if (match === null) return;
  WeakSetPrototypeAdd(rewritten, error);
  const name = match[1];
  const text = P.MapPrototypeGet(texts, importer) ?? "";
  // The import or re-export declaration naming `name` in braces, and its specifier.
  const declaration = new RegExp(`(?:import|export)\\s*(?:[\\w$]+\\s*,\\s*)?\\{[^}]*\\b${name.replace(/\$/g, "\\$")}\\b[^}]*\\}\\s*from\\s*(["'])([^"']*)\\1`);
  const found = RegExpPrototypeExec(declaration, text);
  const specifier = found === null ? "?" : found[2];
  error.message = `The requested module '${specifier}' does not provide an export named '${name}'`;
  locateImport(error, importer, specifier);
}

// Built-in modules -----------------------------------------------------------------------------

/// Registers `wsjs:<name>`: `factory()` returns its exports object, made when the module is first
/// imported; each own enumerable property whose name is an identifier becomes a named export, and
/// the object itself the default export.
function defineBuiltinModule(name, factory) {
  P.MapPrototypeSet(builtinModules, `wsjs:${name}`, factory);
}

function builtinSource(key) {
  const factory = P.MapPrototypeGet(builtinModules, key);
  if (factory === undefined) throw new P.TypeError(`There is no built-in module "${key}"`);
  const exportsObject = factory();
  P.MapPrototypeSet(builtinExports, key, exportsObject);
  let text = "const exportsObject = import.meta.exports;\nexport default exportsObject;\n";
  const names = P.ObjectKeys(exportsObject);
  for (let i = 0; i < names.length; i++) {
    if (!P.RegExpPrototypeTest(/^[A-Za-z_$][\w$]*$/, names[i]) || names[i] === "default") continue;
    text += `const export${i} = exportsObject["${names[i]}"];\nexport { export${i} as ${names[i]} };\n`;
  }
  return text;
}

// import.meta and import() ---------------------------------------------------------------------

// ECMA-262 §16.2.1.12 HostGetImportMetaProperties, with HTML's url and resolve() and Deno's main,
// filename and dirname.
function importMeta(key) {
  const meta = P.ObjectCreate(null);
  meta.url = key;
  meta.main = key === mainURL;
  if (isFileURL(key)) {
    const filename = fileURLToPath(key);
    meta.filename = filename;
    meta.dirname = P.StringPrototypeSlice(filename, 0, StringPrototypeLastIndexOf(filename, "/")) || "/";
  }
  // HTML §8.1.6.2 import.meta.resolve(specifier): resolve against this module's URL.
  meta.resolve = function resolve(specifier) {
    return resolveModuleSpecifier(`${specifier}`, key);
  };
  if (P.MapPrototypeHas(builtinExports, key)) meta.exports = P.MapPrototypeGet(builtinExports, key);
  return meta;
}

/// Takes over the loader object the first time the engine hands it over.
function adoptLoader(moduleLoader) {
  loader = moduleLoader;
  registry = loader.registry;
  requestImportModule = loader.requestImportModule;
  originalLink = loader.link;
  P.ObjectDefineProperty(loader, "resolve", { value: loaderResolve, writable: true, configurable: true });
  P.ObjectDefineProperty(loader, "fetch", { value: loaderFetch, writable: true, configurable: true });
  P.ObjectDefineProperty(loader, "loadModule", { value: takeProvidedFetch, writable: true, configurable: true });
  P.ObjectDefineProperty(loader, "link", { value: loaderLink, writable: true, configurable: true });
}

// ECMA-262 §16.2.1.9 HostLoadImportedModule for import(): the loader's own request, whose
// promise JavaScriptCore settles the import() promise with.
function importHook(moduleLoader, specifier, referrer, parameters) {
  if (loader === null) adoptLoader(moduleLoader);
  if (specifier === "wsjs:self-test-dependency") selfTestReferrer = referrer;
  return P.ReflectApply(requestImportModule, loader, [specifier, referrer, parameters, undefined]);
}

// Running a main module ------------------------------------------------------------------------

P.MapPrototypeSet(presetSources, "wsjs:self-test",
  'import { two } from "wsjs:self-test-dependency";\n' +
  'const { three } = await import("wsjs:self-test-dependency");\n' +
  "export const result = [import.meta.url, two, three];\n");
P.MapPrototypeSet(presetSources, "wsjs:self-test-dependency", "export const two = 2, three = 3;\n");

/// Loads and evaluates the main module at `specifier` (a path or a file: URL), or with the text
/// `source` when given; settles through host.mainModuleSettled / the uncaught error path.
function runMain(specifier, source) {
  mainURL = isFileURL(specifier) ? specifier : pathToFileURL(specifier);
  if (source !== undefined) P.MapPrototypeSet(presetSources, mainURL, source);
  // The self-test: a static import, an import() from a module (its referrer read back from the
  // engine), top-level await and import.meta, before any user module.
  const selfTest = P.PromisePrototypeThen(import("wsjs:self-test"), (namespace) => {
    const [url, two, three] = namespace.result;
    if (url !== "wsjs:self-test" || two !== 2 || three !== 3 || selfTestReferrer !== "wsjs:self-test") {
      throw new P.Error(`the module loader's self-test failed (${url}, ${two}, ${three}, ${selfTestReferrer})`);
    }
  });
  P.PromisePrototypeThen(selfTest, () => {
    P.PromisePrototypeThen(import(mainURL), () => host.mainModuleSettled(), (error) => {
      host.mainModuleSettled();
      internals.require("errors").reportException(error);
    });
  }, (error) => {
    const message = `${error?.message ?? error}`;
    host.print(2, P.StringPrototypeSlice(message, 0, 6) === "wsjs: " ? `${message}\n` : `wsjs: ES modules are unavailable: ${message}\n`);
    host.exit(1);
  });
  return mainURL;
}

/// Sets the import map (import-map.js parses it): `text` is its JSON, `url` where it came from.
function setImportMap(text, url) {
  importMap = internals.require("import-map").importMaps.parse(text, isFileURL(url) ? url : pathToFileURL(url));
}

// wsjs:version: the runtime's version (the built-in module mechanism's own test).
defineBuiltinModule("version", () => ({ version: host.version }));
// wsjs:test: the test API (test, it, describe, the hooks, expect, assert, AssertionError, once),
// the same object a `wsjs test` worker installs as globals (js/test/test-api.js).
defineBuiltinModule("test", () => {
  internals.require("test/test-api");
  return internals.testAPI;
});

internals.modules = { runMain, importHook, importMeta, setImportMap, defineBuiltinModule, pathToFileURL, fileURLToPath };
internals.defineBuiltinModule = defineBuiltinModule;
