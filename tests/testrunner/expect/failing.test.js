// Failure messages: what was expected, what was received, and a diff.
test("toBe", () => {
  expect(2).toBe(3);
});

test("toEqual diff", () => {
  expect({ id: 1, tags: ["a", "b"], ok: true }).toEqual({ id: 1, tags: ["a", "c"], ok: true });
});

test("not.toContain", () => {
  expect([1, 2]).not.toContain(2);
});

test("rejects", async () => {
  await expect(Promise.resolve(1)).rejects.toThrow();
});

test("assertions count", () => {
  expect.assertions(2);
  expect(1).toBe(1);
});

test("assert.deepEqual", () => {
  assert.deepEqual({ a: 1 }, { a: 2 });
});
