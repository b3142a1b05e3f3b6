// SPDX-License-Identifier: MIT
// wsjs extension: the runtime's own namespace (like `Deno`): the script's arguments, the
// version, and exit().
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");

const wsjsNamespace = P.ObjectCreate(null);
P.ObjectDefineProperties(wsjsNamespace, {
  args: { value: P.ObjectFreeze(P.ArrayPrototypeSlice(host.args)), enumerable: true },
  version: { value: host.version, enumerable: true },
  exit: {
    value: function exit(code = 0) {
      host.exit(webidl.converters.long(code, "Failed to execute 'exit' on 'wsjs'", "Argument 1"));
    },
    enumerable: true,
  },
  [P.SymbolToStringTag]: { value: "wsjs" },
});
internals.wsjs = P.ObjectFreeze(wsjsNamespace);
