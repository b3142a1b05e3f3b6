// SPDX-License-Identifier: MIT
// FormData (https://xhr.spec.whatwg.org/#interface-formdata): an entry list of (name, value)
// pairs whose values are strings or Files. wsjs has no HTML forms, so the constructor only takes
// no form (Deno and Node do the same).
const P = internals.require("primordials").primordials;
const { webidl, Blob, File, isBlob } = internals.require("webidl", "blob");
const { defineIterable } = internals.require("fetch/pair-iterator").pairIterator;
const { converters } = webidl;

let stateOf;

// https://xhr.spec.whatwg.org/#create-an-entry
function createEntry(name, value, filename) {
  // 1–2. name and a string value are scalar value strings (the converters made them so).
  if (typeof value === "string") return [name, value];
  // 3.1 A Blob that is not a File becomes a File named "blob".
  if (!(value instanceof File)) value = new File([value], "blob", { type: internals.blobType(value) });
  // 3.2 A filename given makes a new File of that name.
  if (filename !== undefined) value = new File([value], filename, { type: internals.blobType(value), lastModified: value.lastModified });
  // 4. Return the entry.
  return [name, value];
}

/// Converts the (name, value, filename) arguments of append() and set(): the Blob overload when
/// the value is a Blob, the string overload otherwise (which takes only two arguments).
function convertEntryArguments(args, prefix) {
  const name = converters.USVString(args[0], prefix, "Argument 1");
  if (isBlob(args[1])) {
    const filename = args.length > 2 && args[2] !== undefined ? converters.USVString(args[2], prefix, "Argument 3") : undefined;
    return createEntry(name, args[1], filename);
  }
  if (args.length > 2) throw webidl.makeException(P.TypeError, "parameter 2 is not of type 'Blob'.", prefix);
  return createEntry(name, converters.USVString(args[1], prefix, "Argument 2"));
}

class FormData {
  /// { list: entry list ([name, string or File]) }.
  #state;

  // https://xhr.spec.whatwg.org/#dom-formdata
  constructor(form = undefined, submitter = null) {
    const prefix = webidl.operationPrefix("FormData", "constructor");
    // Deviation: there is no HTMLFormElement, so any form argument is of the wrong type.
    if (form !== undefined) throw webidl.makeException(P.TypeError, "parameter 1 is not of type 'HTMLFormElement'.", prefix);
    this.#state = { list: [] };
  }

  static {
    stateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#state in value)) throw webidl.invalidThis("FormData");
      return value.#state;
    };
  }

  // https://xhr.spec.whatwg.org/#dom-formdata-append
  append(name, value) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("FormData", "append");
    webidl.requiredArguments(arguments.length, 2, prefix);
    P.ArrayPrototypePush(state.list, convertEntryArguments(arguments, prefix));
  }

  delete(name) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("FormData", "delete");
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.USVString(name, prefix, "Argument 1");
    state.list = P.ArrayPrototypeFilter(state.list, (entry) => entry[0] !== name);
  }

  get(name) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("FormData", "get");
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.USVString(name, prefix, "Argument 1");
    for (const entry of state.list) if (entry[0] === name) return entry[1];
    return null;
  }

  getAll(name) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("FormData", "getAll");
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.USVString(name, prefix, "Argument 1");
    const values = [];
    for (const entry of state.list) if (entry[0] === name) P.ArrayPrototypePush(values, entry[1]);
    return values;
  }

  has(name) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("FormData", "has");
    webidl.requiredArguments(arguments.length, 1, prefix);
    name = converters.USVString(name, prefix, "Argument 1");
    for (const entry of state.list) if (entry[0] === name) return true;
    return false;
  }

  // https://xhr.spec.whatwg.org/#dom-formdata-set: replace the first entry of that name and
  // remove the others, or append.
  set(name, value) {
    const state = stateOf(this);
    const prefix = webidl.operationPrefix("FormData", "set");
    webidl.requiredArguments(arguments.length, 2, prefix);
    const entry = convertEntryArguments(arguments, prefix);
    const list = [];
    let replaced = false;
    for (const existing of state.list) {
      if (existing[0] !== entry[0]) P.ArrayPrototypePush(list, existing);
      else if (!replaced) {
        replaced = true;
        P.ArrayPrototypePush(list, entry);
      }
    }
    if (!replaced) P.ArrayPrototypePush(list, entry);
    state.list = list;
  }
}

defineIterable(FormData, (formData) => stateOf(formData).list);
webidl.configureInterface(FormData);

/// A FormData over an entry list (from parsing a body).
function formDataFromEntries(list) {
  const formData = new FormData();
  stateOf(formData).list = list;
  return formData;
}

internals.FormData = FormData;
internals.formData = {
  FormData,
  isFormData: (value) => { try { stateOf(value); return true; } catch { return false; } },
  entriesOf: (formData) => stateOf(formData).list,
  formDataFromEntries,
  createEntry,
};
