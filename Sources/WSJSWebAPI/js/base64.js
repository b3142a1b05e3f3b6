// SPDX-License-Identifier: MIT
// atob and btoa (https://html.spec.whatwg.org/#atob), with the Infra Standard's forgiving-base64.
const P = internals.require("primordials").primordials;
const { webidl, domException } = internals.require("webidl", "dom-exception");

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const decodeTable = new P.Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) decodeTable[P.StringPrototypeCharCodeAt(alphabet, i)] = i;

function btoa(data) {
  const prefix = "Failed to execute 'btoa'";
  webidl.requiredArguments(arguments.length, 1, prefix);
  data = webidl.converters.DOMString(data, prefix, "Argument 1");
  let output = "";
  let i = 0;
  const take = (index) => {
    const code = P.StringPrototypeCharCodeAt(data, index);
    // A code unit above U+00FF cannot be one byte.
    if (code > 0xff) throw domException("InvalidCharacterError", `${prefix}: The string to be encoded contains characters outside of the Latin1 range.`);
    return code;
  };
  for (; i + 2 < data.length; i += 3) {
    const n = (take(i) << 16) | (take(i + 1) << 8) | take(i + 2);
    output += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
  }
  const rest = data.length - i;
  if (rest === 1) {
    const n = take(i) << 16;
    output += `${alphabet[n >> 18]}${alphabet[(n >> 12) & 63]}==`;
  } else if (rest === 2) {
    const n = (take(i) << 16) | (take(i + 1) << 8);
    output += `${alphabet[n >> 18]}${alphabet[(n >> 12) & 63]}${alphabet[(n >> 6) & 63]}=`;
  }
  return output;
}

// https://infra.spec.whatwg.org/#forgiving-base64-decode
function atob(data) {
  const prefix = "Failed to execute 'atob'";
  webidl.requiredArguments(arguments.length, 1, prefix);
  data = webidl.converters.DOMString(data, prefix, "Argument 1");
  const invalid = () => domException("InvalidCharacterError", `${prefix}: The string to be decoded is not correctly encoded.`);
  // 1. Remove all ASCII whitespace.
  data = P.StringPrototypeReplace(data, /[\t\n\f\r ]/g, "");
  // 2. If the length divides by 4, drop one or two trailing "=".
  if (data.length % 4 === 0) {
    if (data[data.length - 1] === "=") data = P.StringPrototypeSlice(data, 0, data[data.length - 2] === "=" ? -2 : -1);
  }
  // 3. A remainder of 1 is invalid; 4. so is any code point outside the alphabet.
  if (data.length % 4 === 1) throw invalid();
  let output = "";
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < data.length; i++) {
    const code = P.StringPrototypeCharCodeAt(data, i);
    const value = code < 128 ? decodeTable[code] : -1;
    if (value === -1) throw invalid();
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      output += P.String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return output;
}

internals.atob = atob;
internals.btoa = btoa;
