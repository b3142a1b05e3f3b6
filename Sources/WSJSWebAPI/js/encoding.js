// SPDX-License-Identifier: MIT
// TextEncoder and TextDecoder for UTF-8 (https://encoding.spec.whatwg.org/). Swift does the
// transcoding (host.encodeUTF8*, host.decodeUTF8); this file owns the classes, the BOM and the
// bytes a streaming decode holds back between calls.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");

class TextEncoder {
  constructor() {}

  get encoding() {
    if (!(this instanceof TextEncoder)) throw webidl.invalidThis("TextEncoder");
    return "utf-8";
  }

  // https://encoding.spec.whatwg.org/#dom-textencoder-encode
  encode(input = "") {
    if (!(this instanceof TextEncoder)) throw webidl.invalidThis("TextEncoder");
    input = webidl.converters.USVString(input, webidl.operationPrefix("TextEncoder", "encode"), "Argument 1");
    return host.encodeUTF8(input);
  }

  // https://encoding.spec.whatwg.org/#dom-textencoder-encodeinto
  encodeInto(source, destination) {
    if (!(this instanceof TextEncoder)) throw webidl.invalidThis("TextEncoder");
    const prefix = webidl.operationPrefix("TextEncoder", "encodeInto");
    webidl.requiredArguments(arguments.length, 2, prefix);
    source = webidl.converters.USVString(source, prefix, "Argument 1");
    if (!(destination instanceof P.Uint8Array)) throw webidl.makeException(P.TypeError, "is not of type 'Uint8Array'.", prefix, "Argument 2");
    const [read, written] = host.encodeUTF8Into(source, destination);
    return { read, written };
  }
}

// The Encoding Standard's labels for UTF-8; other encodings are not supported by wsjs.
const utf8Labels = ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"];

const decoderOptions = webidl.createDictionaryConverter("TextDecoderOptions", [
  { key: "fatal", converter: webidl.converters.boolean, defaultValue: false },
  { key: "ignoreBOM", converter: webidl.converters.boolean, defaultValue: false },
]);
const decodeOptions = webidl.createDictionaryConverter("TextDecodeOptions", [
  { key: "stream", converter: webidl.converters.boolean, defaultValue: false },
]);

const emptyBytes = new P.Uint8Array(0);

class TextDecoder {
  #fatal;
  #ignoreBOM;
  /// True once the first bytes of a stream have produced output (the BOM is only looked for there).
  #bomSeen = false;
  /// Bytes of an incomplete sequence held back by a `stream: true` decode.
  #pending = emptyBytes;

  constructor(label = "utf-8", options = undefined) {
    const prefix = webidl.operationPrefix("TextDecoder", "constructor");
    label = webidl.converters.DOMString(label, prefix, "Argument 1");
    options = decoderOptions(options, prefix, "Argument 2");
    // 1–2. "get an encoding" trims ASCII whitespace and compares labels case-insensitively.
    const normalized = P.StringPrototypeToLowerCase(P.StringPrototypeTrim(label));
    if (!P.ArrayPrototypeIncludes(utf8Labels, normalized)) {
      throw new P.RangeError(`${prefix}: The encoding label provided ('${label}') is invalid or not supported (wsjs decodes UTF-8 only).`);
    }
    this.#fatal = options.fatal;
    this.#ignoreBOM = options.ignoreBOM;
  }

  get encoding() {
    if (!(#fatal in this)) throw webidl.invalidThis("TextDecoder");
    return "utf-8";
  }

  get fatal() {
    if (!(#fatal in this)) throw webidl.invalidThis("TextDecoder");
    return this.#fatal;
  }

  get ignoreBOM() {
    if (!(#fatal in this)) throw webidl.invalidThis("TextDecoder");
    return this.#ignoreBOM;
  }

  // https://encoding.spec.whatwg.org/#dom-textdecoder-decode
  decode(input = undefined, options = undefined) {
    if (!(#fatal in this)) throw webidl.invalidThis("TextDecoder");
    const prefix = webidl.operationPrefix("TextDecoder", "decode");
    let bytes = emptyBytes;
    if (input !== undefined) {
      input = webidl.converters.BufferSource(input, prefix, "Argument 1");
      bytes = webidl.bytesOf(input);
    }
    const { stream } = decodeOptions(options, prefix, "Argument 2");
    if (this.#pending.length > 0) {
      const joined = new P.Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending, 0);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = emptyBytes;
    }
    // With stream set, an incomplete sequence at the end waits for the next call.
    if (stream) {
      const held = host.incompleteUTF8SuffixLength(bytes);
      if (held > 0) {
        this.#pending = bytes.slice(bytes.length - held);
        bytes = bytes.subarray(0, bytes.length - held);
      }
    }
    let text = host.decodeUTF8(bytes, this.#fatal);
    if (text === null) {
      this.#bomSeen = false;
      throw new P.TypeError(`${prefix}: The encoded data was not valid UTF-8.`);
    }
    // The UTF-8 decoder's BOM sniffing: a leading U+FEFF of the stream is dropped unless ignoreBOM.
    if (!this.#bomSeen && text.length > 0) {
      this.#bomSeen = true;
      if (!this.#ignoreBOM && P.StringPrototypeCharCodeAt(text, 0) === 0xfeff) text = P.StringPrototypeSlice(text, 1);
    }
    // A decode without stream ends the stream: the next call starts afresh.
    if (!stream) {
      this.#bomSeen = false;
      this.#pending = emptyBytes;
    }
    return text;
  }
}

webidl.configureInterface(TextEncoder);
webidl.configureInterface(TextDecoder);
internals.TextEncoder = TextEncoder;
internals.TextDecoder = TextDecoder;
