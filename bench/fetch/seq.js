// SPDX-License-Identifier: MIT
// 10,000 sequential small GETs on a kept-alive connection (scripts/bench-fetch prepends BASE).
(async () => {
  const count = 10000;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${BASE}/small.txt`);
    if ((await response.text()).length !== 17) throw new Error("wrong body");
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ requests_per_s: Math.round(count / seconds) }));
})();
