// SPDX-License-Identifier: MIT
// A 256 MiB download read with arrayBuffer() (scripts/bench-fetch prepends BASE).
(async () => {
  const started = performance.now();
  const buffer = await (await fetch(`${BASE}/big.bin`)).arrayBuffer();
  if (buffer.byteLength !== 256 * 1024 * 1024) throw new Error(`read ${buffer.byteLength} bytes`);
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ mb_per_s: Math.round(buffer.byteLength / 1e6 / seconds) }));
})();
