// SPDX-License-Identifier: MIT
// A 256 MiB download read through response.body (scripts/bench-fetch prepends BASE).
(async () => {
  const started = performance.now();
  const response = await fetch(`${BASE}/big.bin`);
  let total = 0;
  for await (const chunk of response.body) total += chunk.length;
  if (total !== 256 * 1024 * 1024) throw new Error(`read ${total} bytes`);
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ mb_per_s: Math.round(total / 1e6 / seconds) }));
})();
