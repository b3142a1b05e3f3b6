// SPDX-License-Identifier: MIT
// The soak run of scripts/soak: `wsjs soak.js <echo url> <sequential> <concurrent>` opens, uses
// and closes <sequential> sockets one after another, then <concurrent> at once, each echoing
// one text and one binary message and closing cleanly. It prints "baseline" after a first
// round trip and "after …" at the end, and pauses after each so scripts/soak can count this
// process's open descriptors and read its peak RSS from /proc at both points.
const [url, sequential, concurrent] = [wsjs.args[0], Number(wsjs.args[1]), Number(wsjs.args[2])];
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function roundTrip(index) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = "arraybuffer";
    const text = `message ${index}`;
    const bytes = new Uint8Array(64).fill(index & 0xff);
    let received = 0;
    ws.onopen = () => { ws.send(text); ws.send(bytes); };
    ws.onmessage = (event) => {
      const ok = typeof event.data === "string"
        ? event.data === text
        : event.data.byteLength === 64 && new Uint8Array(event.data)[63] === (index & 0xff);
      if (!ok) reject(new Error(`socket ${index} got the wrong echo`));
      if (++received === 2) ws.close(1000);
    };
    ws.onerror = () => reject(new Error(`socket ${index} failed`));
    ws.onclose = (event) => (event.wasClean && event.code === 1000 && received === 2
      ? resolve() : reject(new Error(`socket ${index} closed with ${event.code} after ${received} messages`)));
  });
}

// A rejection is unhandled: the run ends with status 1 and the error.
(async () => {
  await roundTrip(-1);
  console.log("baseline");
  await pause(1000);
  const start = performance.now();
  for (let i = 0; i < sequential; i++) await roundTrip(i);
  const sequentialMs = performance.now() - start;
  const batch = performance.now();
  await Promise.all(Array.from({ length: concurrent }, (_, i) => roundTrip(sequential + i)));
  const concurrentMs = performance.now() - batch;
  console.log(`after ${sequential} sequential in ${sequentialMs.toFixed(0)} ms, ${concurrent} at once in ${concurrentMs.toFixed(0)} ms`);
  await pause(1000);
})();
