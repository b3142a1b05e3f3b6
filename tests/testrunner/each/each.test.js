test.each([
  [1, 1, 2],
  [2, 3, 5],
])("%i + %i = %i", (a, b, sum) => {
  expect(a + b).toBe(sum);
});

test.each([{ name: "ws", port: 80 }, { name: "wss", port: 443 }])("$name uses port $port", ({ port }) => {
  expect(port).toBeGreaterThan(0);
});

test.each([["a", { n: 1 }], ["b", [2]]])("string %s, json %j, index %#", (value) => {
  expect(value).toHaveLength(1);
});
