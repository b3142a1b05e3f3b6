// SPDX-License-Identifier: MIT
// Import maps (HTML §8.1.5.4, "parse an import map string" and "resolve an imports match"):
// `imports` and `scopes` map bare specifiers and URL prefixes to URLs. wsjs takes one map, from
// --import-map FILE; its URLs resolve against the file's URL. `integrity` is accepted and unused
// (wsjs loads only local files).
const P = internals.require("primordials").primordials;
const { url: urlOps } = internals.require("url");
const JSONParse = JSON.parse;
const ArrayPrototypeSort = P.uncurryThis(Array.prototype.sort);

function warn(message) {
  host.print(2, `wsjs: import map: ${message}\n`);
}

// HTML "resolve a URL-like module specifier".
function resolveURLLike(specifier, baseURL) {
  if (specifier[0] === "/" || P.StringPrototypeSlice(specifier, 0, 2) === "./" || P.StringPrototypeSlice(specifier, 0, 3) === "../") {
    const record = urlOps.parseURL(specifier, baseURL);
    return record === null ? null : urlOps.serializeURL(record);
  }
  const record = urlOps.parseURL(specifier);
  return record === null ? null : urlOps.serializeURL(record);
}

const isObject = (value) => value !== null && typeof value === "object" && !P.ArrayIsArray(value);
/// Keys in descending code unit order, so longer prefixes come before their own prefixes.
const byKeyDescending = (a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0);

// HTML "sort and normalize a specifier map": [key, URL or null] pairs.
function sortAndNormalizeSpecifierMap(originalMap, baseURL) {
  const normalized = [];
  for (const specifierKey of P.ObjectKeys(originalMap)) {
    const value = originalMap[specifierKey];
    // 1. "normalize a specifier key": empty keys are skipped; URL-like keys are made absolute.
    if (specifierKey === "") {
      warn("an empty specifier key is ignored");
      continue;
    }
    const normalizedKey = resolveURLLike(specifierKey, baseURL) ?? specifierKey;
    // 2. Non-string addresses, and ones that do not parse, block the key (null).
    if (typeof value !== "string") {
      warn(`the address of "${specifierKey}" is not a string`);
      P.ArrayPrototypePush(normalized, [normalizedKey, null]);
      continue;
    }
    const addressURL = resolveURLLike(value, baseURL);
    if (addressURL === null) {
      warn(`the address "${value}" of "${specifierKey}" is not a URL`);
      P.ArrayPrototypePush(normalized, [normalizedKey, null]);
      continue;
    }
    // 3. A key ending in "/" maps a prefix: its address must end in "/" too.
    if (specifierKey[specifierKey.length - 1] === "/" && addressURL[addressURL.length - 1] !== "/") {
      warn(`"${specifierKey}" ends in "/" but its address "${value}" does not`);
      P.ArrayPrototypePush(normalized, [normalizedKey, null]);
      continue;
    }
    P.ArrayPrototypePush(normalized, [normalizedKey, addressURL]);
  }
  return ArrayPrototypeSort(normalized, byKeyDescending);
}

// HTML "sort and normalize scopes".
function sortAndNormalizeScopes(originalMap, baseURL) {
  const normalized = [];
  for (const scopePrefix of P.ObjectKeys(originalMap)) {
    const potentialSpecifierMap = originalMap[scopePrefix];
    if (!isObject(potentialSpecifierMap)) throw new P.TypeError(`import map: the value of the scope "${scopePrefix}" must be an object`);
    const scopePrefixURL = urlOps.parseURL(scopePrefix, baseURL);
    if (scopePrefixURL === null) {
      warn(`the scope prefix "${scopePrefix}" is not a URL`);
      continue;
    }
    P.ArrayPrototypePush(normalized, [urlOps.serializeURL(scopePrefixURL), sortAndNormalizeSpecifierMap(potentialSpecifierMap, baseURL)]);
  }
  return ArrayPrototypeSort(normalized, byKeyDescending);
}

// HTML "parse an import map string".
function parse(input, baseURL) {
  // 1. Parse the JSON (a syntax error propagates, naming the file).
  let parsed;
  try {
    parsed = JSONParse(input);
  } catch (error) {
    throw new P.SyntaxError(`import map ${baseURL} is not valid JSON: ${error.message}`);
  }
  // 2. The top level must be a map.
  if (!isObject(parsed)) throw new P.TypeError(`import map ${baseURL}: the top level must be a JSON object`);
  // 3.–4. imports: a map, sorted and normalized.
  let imports = [];
  if (parsed.imports !== undefined) {
    if (!isObject(parsed.imports)) throw new P.TypeError(`import map ${baseURL}: "imports" must be an object`);
    imports = sortAndNormalizeSpecifierMap(parsed.imports, baseURL);
  }
  // 5.–6. scopes.
  let scopes = [];
  if (parsed.scopes !== undefined) {
    if (!isObject(parsed.scopes)) throw new P.TypeError(`import map ${baseURL}: "scopes" must be an object`);
    scopes = sortAndNormalizeScopes(parsed.scopes, baseURL);
  }
  // 7.–8. integrity: accepted; other keys are reported and ignored.
  for (const key of P.ObjectKeys(parsed)) {
    if (key !== "imports" && key !== "scopes" && key !== "integrity") warn(`unknown top-level key "${key}" ignored`);
  }
  return { imports, scopes };
}

const specialSchemes = ["ftp:", "file:", "http:", "https:", "ws:", "wss:"];
function isSpecial(url) {
  const colon = P.StringPrototypeIndexOf(url, ":");
  return P.ArrayPrototypeIncludes(specialSchemes, P.StringPrototypeSlice(url, 0, colon + 1));
}

// HTML "resolve an imports match".
function resolveImportsMatch(normalizedSpecifier, asURL, specifierMap) {
  for (let i = 0; i < specifierMap.length; i++) {
    const [specifierKey, resolutionResult] = specifierMap[i];
    // 1.1. An exact match.
    if (specifierKey === normalizedSpecifier) {
      if (resolutionResult === null) throw new P.TypeError(`The import map blocks "${normalizedSpecifier}"`);
      return resolutionResult;
    }
    // 1.2. A prefix match on a key ending in "/" (for URLs, special ones only).
    if (specifierKey[specifierKey.length - 1] === "/" && P.StringPrototypeSlice(normalizedSpecifier, 0, specifierKey.length) === specifierKey && (asURL === null || isSpecial(asURL))) {
      if (resolutionResult === null) throw new P.TypeError(`The import map blocks "${normalizedSpecifier}"`);
      const afterPrefix = P.StringPrototypeSlice(normalizedSpecifier, specifierKey.length);
      const record = urlOps.parseURL(afterPrefix, resolutionResult);
      if (record === null) throw new P.TypeError(`The import map's address for "${normalizedSpecifier}" does not parse`);
      const url = urlOps.serializeURL(record);
      if (P.StringPrototypeSlice(url, 0, resolutionResult.length) !== resolutionResult) {
        throw new P.TypeError(`"${normalizedSpecifier}" backtracks above its import map prefix "${specifierKey}"`);
      }
      return url;
    }
  }
  return null;
}

// HTML "resolve a module specifier", steps 7–9.
function resolve(importMap, normalizedSpecifier, asURL, baseURL) {
  for (let i = 0; i < importMap.scopes.length; i++) {
    const [scopePrefix, scopeImports] = importMap.scopes[i];
    if (scopePrefix === baseURL || (scopePrefix[scopePrefix.length - 1] === "/" && P.StringPrototypeSlice(baseURL, 0, scopePrefix.length) === scopePrefix)) {
      const match = resolveImportsMatch(normalizedSpecifier, asURL, scopeImports);
      if (match !== null) return match;
    }
  }
  return resolveImportsMatch(normalizedSpecifier, asURL, importMap.imports);
}

internals.importMaps = { parse, resolve };
