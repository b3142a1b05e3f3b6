// SPDX-License-Identifier: MIT
// `location` (HTML §7.2.4, WorkerLocation's shape: read-only attributes), present when the run
// was given --location, as in Deno. The CLI accepts only absolute http: and https: URLs, so this
// module splits such a URL into its parts, with the URL Standard's normalisations for special
// schemes: lower-case scheme and host, the default port dropped, an empty path becoming "/".
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const constructorKey = P.Symbol("Location");
const defaultPorts = { "http:": "80", "https:": "443" };

function parseHttpURL(input) {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*:)\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?([^?#]*)(\?[^#]*)?(#.*)?$/.exec(P.StringPrototypeTrim(input));
  if (match === null) throw new P.TypeError(`Invalid --location URL: ${input}`);
  const protocol = P.StringPrototypeToLowerCase(match[1]);
  const hostname = P.StringPrototypeToLowerCase(match[2]);
  let port = match[3] ?? "";
  if (port !== "") port = `${P.Number(port)}`;
  if (port === defaultPorts[protocol]) port = "";
  const pathname = match[4] === "" ? "/" : match[4];
  const search = match[5] === "?" || match[5] === undefined ? "" : match[5];
  const hash = match[6] === "#" || match[6] === undefined ? "" : match[6];
  const host = port === "" ? hostname : `${hostname}:${port}`;
  return { protocol, hostname, port, host, pathname, search, hash, origin: `${protocol}//${host}`, href: `${protocol}//${host}${pathname}${search}${hash}` };
}

class Location {
  #url;

  constructor(key = undefined, href = "") {
    if (key !== constructorKey) webidl.illegalConstructor();
    this.#url = parseHttpURL(href);
  }

  #parts() {
    if (!(#url in this)) throw webidl.invalidThis("Location");
    return this.#url;
  }

  get href() { return this.#parts().href; }
  get origin() { return this.#parts().origin; }
  get protocol() { return this.#parts().protocol; }
  get host() { return this.#parts().host; }
  get hostname() { return this.#parts().hostname; }
  get port() { return this.#parts().port; }
  get pathname() { return this.#parts().pathname; }
  get search() { return this.#parts().search; }
  get hash() { return this.#parts().hash; }
  toString() { return this.#parts().href; }
}

webidl.configureInterface(Location);
internals.Location = Location;
internals.location = host.location === undefined ? undefined : new Location(constructorKey, host.location);
