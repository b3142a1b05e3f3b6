// SPDX-License-Identifier: MIT
// Start-up of a script that fetches once (scripts/bench-fetch times the whole process).
(async () => {
  const response = await fetch(`${BASE}/small.txt`);
  if ((await response.text()).length !== 17) throw new Error("wrong body");
})();
