// SPDX-License-Identifier: MIT
// The URL Standard's building blocks below the parser: percent-encoding (§1.3), hosts (§3: IPv4,
// IPv6, opaque hosts, domains through UTS #46 with ICU), and host serialization.
const P = internals.require("primordials").primordials;
const { StringPrototypeCharCodeAt: charCodeAt, StringPrototypeSlice: slice, StringPrototypeToLowerCase: toLowerCase } = P;

// §1.3 percent-encode sets, as predicates over a code point.
const isC0Control = (c) => c <= 0x1f;
const inC0ControlSet = (c) => c <= 0x1f || c > 0x7e;
const inFragmentSet = (c) => inC0ControlSet(c) || c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60;
const inQuerySet = (c) => inC0ControlSet(c) || c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e;
const inSpecialQuerySet = (c) => inQuerySet(c) || c === 0x27;
const inPathSet = (c) => inQuerySet(c) || c === 0x3f || c === 0x5e || c === 0x60 || c === 0x7b || c === 0x7d;
const inUserinfoSet = (c) => inPathSet(c) || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d || c === 0x40 || (c >= 0x5b && c <= 0x5d) || c === 0x7c;
const inComponentSet = (c) => inUserinfoSet(c) || (c >= 0x24 && c <= 0x26) || c === 0x2b || c === 0x2c;
const inFormSet = (c) => inComponentSet(c) || c === 0x21 || (c >= 0x27 && c <= 0x29) || c === 0x7e;

const HEX = "0123456789ABCDEF";
function percentByte(byte) {
  return `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
}

/// UTF-8 percent-encodes one code point `c` (a number) if it is in `set`.
function percentEncodeCodePoint(c, set, spaceAsPlus = false) {
  if (spaceAsPlus && c === 0x20) return "+";
  if (!set(c)) return P.StringFromCodePoint(c);
  if (c < 0x80) return percentByte(c);
  // Lone surrogates were made U+FFFD by the USVString conversion before any parsing.
  let out = "";
  const bytes = c < 0x800 ? [0xc0 | (c >> 6), 0x80 | (c & 63)]
    : c < 0x10000 ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
      : [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
  for (let i = 0; i < bytes.length; i++) out += percentByte(bytes[i]);
  return out;
}

/// §1.3 "UTF-8 percent-encode a string using a percent-encode set".
function percentEncodeString(string, set, spaceAsPlus = false) {
  let out = "";
  for (const ch of string) out += percentEncodeCodePoint(P.StringPrototypeCodePointAt(ch, 0), set, spaceAsPlus);
  return out;
}

const hexValue = (c) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

/// §1.3 "percent-decode" a string: its UTF-8 bytes with %XX sequences replaced by their byte.
function percentDecodeToBytes(string) {
  const input = host.encodeUTF8(string);
  const output = new P.Uint8Array(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i];
    if (byte === 0x25 && i + 2 < input.length) {
      const high = hexValue(input[i + 1]), low = hexValue(input[i + 2]);
      if (high >= 0 && low >= 0) {
        output[length++] = high * 16 + low;
        i += 2;
        continue;
      }
    }
    output[length++] = byte;
  }
  return output.subarray(0, length);
}

/// Percent-decodes and reads the bytes as UTF-8 with replacement ("UTF-8 decode without BOM").
function percentDecodeString(string) {
  if (!P.StringPrototypeIncludes(string, "%")) return string;
  return host.decodeUTF8(percentDecodeToBytes(string), false);
}

// §3.5 forbidden host and domain code points.
function isForbiddenHostCodePoint(c) {
  return c === 0 || c === 9 || c === 0xa || c === 0xd || c === 0x20 || c === 0x23 || c === 0x2f || c === 0x3a ||
    c === 0x3c || c === 0x3e || c === 0x3f || c === 0x40 || c === 0x5b || c === 0x5c || c === 0x5d || c === 0x5e || c === 0x7c;
}
const isForbiddenDomainCodePoint = (c) => isForbiddenHostCodePoint(c) || isC0Control(c) || c === 0x25 || c === 0x7f;

/// A parsed host: { kind: "domain" | "ipv4" | "ipv6" | "opaque" | "empty", value } where value is
/// a string, the IPv4 number, or the eight IPv6 pieces. `null` means failure.
function parseHost(input, isOpaque) {
  // 1. An IPv6 address in brackets.
  if (input[0] === "[") {
    if (input[input.length - 1] !== "]") return null;
    const pieces = parseIPv6(slice(input, 1, -1));
    return pieces === null ? null : { kind: "ipv6", value: pieces };
  }
  // 2. Non-special URLs have opaque hosts.
  if (isOpaque) return parseOpaqueHost(input);
  // 3–4. Percent-decode, then domain to ASCII.
  const domain = percentDecodeString(input);
  const asciiDomain = domainToASCII(domain);
  if (asciiDomain === null) return null;
  // 6. A domain that ends in a number is an IPv4 address (or invalid).
  if (endsInANumber(asciiDomain)) {
    const address = parseIPv4(asciiDomain);
    return address === null ? null : { kind: "ipv4", value: address };
  }
  return { kind: "domain", value: asciiDomain };
}

// §3.5 domain to ASCII (beStrict false).
function domainToASCII(domain) {
  let result;
  let ascii = true;
  for (let i = 0; i < domain.length; i++) if (charCodeAt(domain, i) > 0x7f) { ascii = false; break; }
  const lowered = toLowerCase(domain);
  // The standard's shortcut: an ASCII domain with no "xn--" label is just lowercased.
  if (ascii && !P.RegExpPrototypeTest(/(^|\.)xn--/, lowered)) {
    result = lowered;
  } else {
    // UTS #46 ToASCII with CheckBidi, CheckJoiners, nontransitional, no STD3 rules, no
    // hyphen or DNS-length checks (host op over ICU's uidna).
    result = host.domainToASCII(domain);
    if (result === null) return null;
  }
  if (result === "") return null;
  for (let i = 0; i < result.length; i++) if (isForbiddenDomainCodePoint(charCodeAt(result, i))) return null;
  return result;
}

// §3.5 ends in a number checker.
function endsInANumber(input) {
  const parts = P.StringPrototypeSplit(input, ".");
  if (parts[parts.length - 1] === "") {
    if (parts.length === 1) return false;
    parts.length -= 1;
  }
  const last = parts[parts.length - 1];
  if (last !== "" && P.RegExpPrototypeTest(/^[0-9]+$/, last)) return true;
  return parseIPv4Number(last) !== null;
}

// §3.5 IPv4 number parser: decimal, 0x hex or 0 octal; null on failure.
function parseIPv4Number(input) {
  if (input === "") return null;
  let radix = 10;
  if (input.length >= 2 && input[0] === "0" && (input[1] === "x" || input[1] === "X")) {
    input = slice(input, 2);
    radix = 16;
  } else if (input.length >= 2 && input[0] === "0") {
    input = slice(input, 1);
    radix = 8;
  }
  if (input === "") return 0;
  const pattern = radix === 10 ? /^[0-9]+$/ : radix === 16 ? /^[0-9A-Fa-f]+$/ : /^[0-7]+$/;
  if (!P.RegExpPrototypeTest(pattern, input)) return null;
  // Digits beyond 2^53 lose precision but stay far above 2^32, which fails later all the same.
  return P.Number.parseInt(input, radix);
}

// §3.5 IPv4 parser.
function parseIPv4(input) {
  const parts = P.StringPrototypeSplit(input, ".");
  if (parts[parts.length - 1] === "" && parts.length > 1) parts.length -= 1;
  if (parts.length > 4) return null;
  const numbers = [];
  for (const part of parts) {
    const n = parseIPv4Number(part);
    if (n === null) return null;
    P.ArrayPrototypePush(numbers, n);
  }
  for (let i = 0; i < numbers.length - 1; i++) if (numbers[i] > 255) return null;
  if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length)) return null;
  let ipv4 = numbers[numbers.length - 1];
  for (let i = 0; i < numbers.length - 1; i++) ipv4 += numbers[i] * 256 ** (3 - i);
  return ipv4;
}

// §3.5 IPv6 parser: eight 16-bit pieces, or null.
function parseIPv6(input) {
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  let pieceIndex = 0, compress = null, pointer = 0;
  const at = (i) => (i < input.length ? charCodeAt(input, i) : -1);
  const isHex = (c) => hexValue(c) >= 0;
  if (at(0) === 0x3a) {
    if (at(1) !== 0x3a) return null;
    pointer += 2;
    compress = ++pieceIndex;
  }
  while (at(pointer) !== -1) {
    if (pieceIndex === 8) return null;
    if (at(pointer) === 0x3a) {
      if (compress !== null) return null;
      pointer++;
      compress = ++pieceIndex;
      continue;
    }
    let value = 0, length = 0;
    while (length < 4 && isHex(at(pointer))) {
      value = value * 16 + hexValue(at(pointer));
      pointer++;
      length++;
    }
    if (at(pointer) === 0x2e) {
      // An IPv4 address in the last two pieces.
      if (length === 0) return null;
      pointer -= length;
      if (pieceIndex > 6) return null;
      let numbersSeen = 0;
      while (at(pointer) !== -1) {
        let ipv4Piece = null;
        if (numbersSeen > 0) {
          if (at(pointer) === 0x2e && numbersSeen < 4) pointer++;
          else return null;
        }
        if (!(at(pointer) >= 0x30 && at(pointer) <= 0x39)) return null;
        while (at(pointer) >= 0x30 && at(pointer) <= 0x39) {
          const number = at(pointer) - 0x30;
          if (ipv4Piece === null) ipv4Piece = number;
          else if (ipv4Piece === 0) return null;
          else ipv4Piece = ipv4Piece * 10 + number;
          if (ipv4Piece > 255) return null;
          pointer++;
        }
        address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return null;
      break;
    } else if (at(pointer) === 0x3a) {
      pointer++;
      if (at(pointer) === -1) return null;
    } else if (at(pointer) !== -1) {
      return null;
    }
    address[pieceIndex++] = value;
  }
  if (compress !== null) {
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const other = compress + swaps - 1;
      const temp = address[pieceIndex];
      address[pieceIndex] = address[other];
      address[other] = temp;
      pieceIndex--;
      swaps--;
    }
  } else if (pieceIndex !== 8) {
    return null;
  }
  return address;
}

// §3.5 opaque-host parser.
function parseOpaqueHost(input) {
  for (let i = 0; i < input.length; i++) {
    if (isForbiddenHostCodePoint(charCodeAt(input, i))) return null;
  }
  return { kind: input === "" ? "empty" : "opaque", value: percentEncodeString(input, inC0ControlSet) };
}

// §3.6 host serializer.
function serializeHost(parsed) {
  switch (parsed.kind) {
    case "ipv4": {
      const n = parsed.value;
      return `${P.MathFloor(n / 16777216) % 256}.${P.MathFloor(n / 65536) % 256}.${P.MathFloor(n / 256) % 256}.${n % 256}`;
    }
    case "ipv6": return `[${serializeIPv6(parsed.value)}]`;
    default: return parsed.value;
  }
}

function serializeIPv6(pieces) {
  // The first longest run of two or more zero pieces is compressed to "::".
  let compress = -1, bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && pieces[j] === 0) j++;
    if (j - i > bestLength) { compress = i; bestLength = j - i; }
    i = j === i ? i + 1 : j;
  }
  let output = "";
  let ignore0 = false;
  for (let i = 0; i < 8; i++) {
    if (ignore0 && pieces[i] === 0) continue;
    ignore0 = false;
    if (compress === i) {
      output += i === 0 ? "::" : ":";
      ignore0 = true;
      continue;
    }
    output += pieces[i].toString(16);
    if (i !== 7) output += ":";
  }
  return output;
}

internals.urlHost = {
  inC0ControlSet, inFragmentSet, inQuerySet, inSpecialQuerySet, inPathSet, inUserinfoSet, inFormSet,
  percentEncodeCodePoint, percentEncodeString, percentDecodeToBytes, percentDecodeString,
  parseHost, serializeHost,
};
