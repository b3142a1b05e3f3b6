// SPDX-License-Identifier: MIT
// 10,000 small GETs, 16 in flight at a time (scripts/bench-fetch prepends BASE).
(async () => {
  const count = 10000;
  const inFlight = 16;
  let next = 0;
  async function worker() {
    while (next < count) {
      next++;
      const response = await fetch(`${BASE}/small.txt`);
      if ((await response.text()).length !== 17) throw new Error("wrong body");
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ requests_per_s: Math.round(count / seconds) }));
})();
