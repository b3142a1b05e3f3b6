// SPDX-License-Identifier: MIT
import CProbe

let text = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "probe"
print(text.withCString { probe_copy($0, min(text.utf8.count, 64)) })
