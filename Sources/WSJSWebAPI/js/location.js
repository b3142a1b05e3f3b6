// SPDX-License-Identifier: MIT
// `location` (HTML §7.2.4, WorkerLocation's shape: read-only attributes), present when the run
// was given --location, as in Deno. It is also the base URL that relative WebSocket URLs resolve
// against. The parts come from the URL Standard's parser (url.js).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { URL } = internals.require("url");
const constructorKey = P.Symbol("Location");

class Location {
  #url;

  constructor(key = undefined, href = "") {
    if (key !== constructorKey) webidl.illegalConstructor();
    this.#url = new URL(href);
  }

  #parsed() {
    if (!(#url in this)) throw webidl.invalidThis("Location");
    return this.#url;
  }

  get href() { return this.#parsed().href; }
  get origin() { return this.#parsed().origin; }
  get protocol() { return this.#parsed().protocol; }
  get host() { return this.#parsed().host; }
  get hostname() { return this.#parsed().hostname; }
  get port() { return this.#parsed().port; }
  get pathname() { return this.#parsed().pathname; }
  get search() { return this.#parsed().search; }
  get hash() { return this.#parsed().hash; }
  toString() { return this.#parsed().href; }
}

webidl.configureInterface(Location);
internals.Location = Location;
internals.location = host.location === undefined ? undefined : new Location(constructorKey, host.location);
