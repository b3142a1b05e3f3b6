// SPDX-License-Identifier: MIT
// How the streams modules reach one another. The Streams Standard's abstract operations call
// each other in cycles (a controller errors its stream, the stream's cancel runs the controller's
// steps), so the modules cannot simply load each other in order. Each module instead exports its
// operations here and declares the ones it calls as module-level `let` bindings, which `link`
// fills in once every streams module has loaded. Calls then go straight to the functions (no
// property lookup on a shared object per call: these run for every chunk).
const exported = { __proto__: null };
const linkers = [];

/// Adds a module's operations to the shared table. A name may be exported once.
function exportOperations(operations) {
  for (const name in operations) {
    if (name in exported) throw new Error(`wsjs: streams operation '${name}' exported twice`);
    exported[name] = operations[name];
  }
}

/// Registers `assign(table)`, which copies the operations a module calls into its bindings.
function importOperations(assign) {
  linkers.push(assign);
}

// Reading a name nobody exported is a bug in the prelude: fail loudly at link time.
const checkedTable = new Proxy(exported, {
  get(target, name) {
    if (!(name in target)) throw new Error(`wsjs: streams operation '${String(name)}' is not exported`);
    return target[name];
  },
});

/// Runs every module's import step; called once, after the last streams module has loaded.
function link() {
  for (const assign of linkers) assign(checkedTable);
  linkers.length = 0;
}

internals.streamsLinking = { exportOperations, importOperations, link, exported };
