// SPDX-License-Identifier: MIT
// The blob URL store (https://w3c.github.io/FileAPI/#url): URL.createObjectURL(blob) adds an
// entry "blob:<origin>/<uuid>", URL.revokeObjectURL(url) removes it, and resolveBlobURL gives
// fetch the Blob behind a blob: URL. The origin is that of --location, "null" without one (what
// browsers use for opaque origins).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { isBlob } = internals.require("blob");
const { parseURL, serializeURL, serializeOrigin } = internals.require("url").url;

/// The blob URL store: serialized URL (without fragment) → blob URL entry ({ object }).
const store = new P.Map();

/// The origin of the one environment settings object wsjs has.
function currentOrigin() {
  const base = host.location === undefined ? null : parseURL(host.location);
  return base === null ? "null" : serializeOrigin(base);
}

// https://w3c.github.io/FileAPI/#unicodeBlobURL ("generate a new blob URL")
function generateNewBlobURL() {
  // 1–2. "blob:". 3–7. The ASCII serialization of the current settings object's origin ("null"
  // for an opaque origin is the implementation-defined value). 8. "/". 9. A new UUID.
  return `blob:${currentOrigin()}/${host.randomUUID()}`;
}

// https://w3c.github.io/FileAPI/#add-an-entry
function addEntry(object) {
  // 1–4. A new URL and an entry for object in the store, keyed by the URL. 5. Return the URL.
  const url = generateNewBlobURL();
  P.MapPrototypeSet(store, url, { object });
  return url;
}

/// The key of a blob URL record: its serialization without the fragment.
function keyOf(urlRecord) {
  return serializeURL(urlRecord, true);
}

// https://w3c.github.io/FileAPI/#dfn-createObjectURL
function createObjectURL(obj) {
  const prefix = webidl.operationPrefix("URL", "createObjectURL");
  webidl.requiredArguments(arguments.length, 1, prefix);
  // (Blob or MediaSource) obj: wsjs has no MediaSource.
  if (!isBlob(obj)) throw webidl.makeException(P.TypeError, "parameter 1 is not of type 'Blob'.", prefix);
  // 1. Return the result of adding an entry to the blob URL store for obj.
  return addEntry(obj);
}

// https://w3c.github.io/FileAPI/#dfn-revokeObjectURL
function revokeObjectURL(url) {
  const prefix = webidl.operationPrefix("URL", "revokeObjectURL");
  webidl.requiredArguments(arguments.length, 1, prefix);
  url = webidl.converters.DOMString(url, prefix, "Argument 1");
  // 1. Let urlRecord be the result of parsing url. 2. Not a blob: URL: return.
  const urlRecord = parseURL(url);
  if (urlRecord === null || urlRecord.scheme !== "blob") return;
  // 3–6. Its entry (the one environment is always authorized). 7. Remove it from the store.
  P.MapPrototypeDelete(store, keyOf(urlRecord));
}

// https://w3c.github.io/FileAPI/#blob-url-resolve: the Blob for a blob: URL string, or
// undefined when the store has no entry for it (never added, or revoked).
function resolveBlobURL(url) {
  const urlRecord = parseURL(url);
  if (urlRecord === null || urlRecord.scheme !== "blob") return undefined;
  return P.MapPrototypeGet(store, keyOf(urlRecord))?.object;
}

internals.blobURLStore = { createObjectURL, revokeObjectURL, resolveBlobURL };
