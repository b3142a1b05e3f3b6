let attempts = 0;
test("passes on the third attempt", { retry: 2 }, () => {
  attempts++;
  expect(attempts).toBe(3);
});

let runs = 0;
test("fails every time", () => {
  runs++;
  expect(runs).toBe(0);
});
