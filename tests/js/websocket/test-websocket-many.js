// SPDX-License-Identifier: MIT
// Many sockets: 1,000 opened, used and closed one after another, then 300 at once; every one
// opens, echoes and closes cleanly, and the run still ends by itself afterwards (a short form
// of the soak; the counts are bounded so the debug build finishes in seconds).
function roundTrip(index) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(servers.noDeflate);
    const text = `message ${index}`;
    ws.onopen = () => ws.send(text);
    ws.onmessage = (event) => {
      if (event.data !== text) reject(new Error(`socket ${index} got ${event.data}`));
      ws.close(1000);
    };
    ws.onerror = () => reject(new Error(`socket ${index} failed`));
    ws.onclose = (event) => (event.wasClean && event.code === 1000 ? resolve() : reject(new Error(`socket ${index} closed with ${event.code}`)));
  });
}

runTest(async () => {
  for (let i = 0; i < 1000; i++) await roundTrip(i);
  await Promise.all(Array.from({ length: 300 }, (_, i) => roundTrip(1000 + i)));
});
