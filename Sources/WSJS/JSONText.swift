// SPDX-License-Identifier: MIT

/// JSON text for wsjs's machine-readable outputs (`--trace-file`, `check --json`).
public enum JSONText {
    /// A JSON string literal (also readable on a terminal).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let code = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - code.count) + code
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
