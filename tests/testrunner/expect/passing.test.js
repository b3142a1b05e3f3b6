// Every core matcher, passing, with equality over the built-in types.
test("equality", () => {
  expect({ a: 1, b: [1, 2, { c: 3 }] }).toEqual({ a: 1, b: [1, 2, { c: 3 }] });
  expect({ a: 1, b: undefined }).toEqual({ a: 1 });
  expect({ a: 1, b: undefined }).not.toStrictEqual({ a: 1 });
  expect(new Map([["k", { v: 1 }]])).toEqual(new Map([["k", { v: 1 }]]));
  expect(new Set([1, { a: 2 }])).toEqual(new Set([{ a: 2 }, 1]));
  expect(new Date(5)).toEqual(new Date(5));
  expect(new Date(5)).not.toEqual(new Date(6));
  expect(/a/g).toEqual(/a/g);
  expect(/a/g).not.toEqual(/a/i);
  expect(new Uint8Array([1, 2]).buffer).toEqual(new Uint8Array([1, 2]).buffer);
  expect(new Uint8Array([1, 2])).not.toEqual(new Int8Array([1, 2]));
  expect(new DataView(new Uint8Array([1, 2]).buffer)).toEqual(new DataView(new Uint8Array([1, 2]).buffer));
  expect(new DataView(new Uint8Array([1, 2]).buffer)).not.toEqual(new DataView(new Uint8Array([1, 3]).buffer));
  expect(new TypeError("x")).toEqual(new TypeError("x"));
  expect(new TypeError("x")).not.toEqual(new RangeError("x"));
  expect([1, , 3]).toEqual([1, undefined, 3]);
  expect([1, , 3]).not.toStrictEqual([1, undefined, 3]);
  class A { constructor() { this.x = 1; } }
  expect(new A()).toEqual({ x: 1 });
  expect(new A()).not.toStrictEqual({ x: 1 });
  expect(0).not.toBe(-0);
});

test("other matchers", async () => {
  expect(1).toBeTruthy();
  expect(0).toBeFalsy();
  expect(null).toBeNull();
  expect(undefined).toBeUndefined();
  expect(0).toBeDefined();
  expect(NaN).toBeNaN();
  expect(2).toBeGreaterThan(1);
  expect(2).toBeGreaterThanOrEqual(2);
  expect(1).toBeLessThan(2);
  expect(2).toBeLessThanOrEqual(2);
  expect(0.1 + 0.2).toBeCloseTo(0.3);
  expect("websocket").toContain("sock");
  expect([1, 2, 3]).toContain(2);
  expect([{ a: 1 }]).toContainEqual({ a: 1 });
  expect("abc").toHaveLength(3);
  expect({ a: { b: [1, 2] } }).toHaveProperty("a.b[1]", 2);
  expect({ a: { b: 1 } }).toHaveProperty(["a", "b"]);
  expect("ws://x").toMatch(/^ws:/);
  expect(() => { throw new TypeError("bad value"); }).toThrow(TypeError);
  expect(() => { throw new TypeError("bad value"); }).toThrow("bad");
  expect(() => { throw new TypeError("bad value"); }).toThrow(/value$/);
  expect(() => {}).not.toThrow();
  expect(new Map()).toBeInstanceOf(Map);
  expect({ id: 7, name: "x", extra: true }).toMatchObject({ id: 7, name: expect.any(String) });
  expect({ when: new Date() }).toEqual({ when: expect.anything() });
  expect("hello world").toEqual(expect.stringContaining("lo w"));
  expect("hello").toEqual(expect.stringMatching(/^h/));
  expect({ a: 1, b: 2 }).toEqual(expect.objectContaining({ a: 1 }));
  expect([1, 2, 3]).toEqual(expect.arrayContaining([3, 1]));
  expect("x").toEqual(expect.not.stringContaining("y"));
  await expect(Promise.resolve(4)).resolves.toBe(4);
  await expect(Promise.reject(new Error("no"))).rejects.toThrow("no");
  expect.assertions(32);
});

test("assert", async () => {
  assert(true);
  assert.ok(1);
  assert.equal(1, 1);
  assert.notEqual(1, 2);
  assert.deepEqual({ a: [1] }, { a: [1] });
  assert.notDeepEqual({ a: 1 }, { a: 2 });
  assert.throws(() => { throw new TypeError("x"); }, TypeError);
  assert.throws(() => { throw new TypeError("xyz"); }, /xy/);
  await assert.rejects(Promise.reject(new Error("r")), { message: "r" });
  assert.match("abc", /b/);
  assert.throws(() => assert.fail("boom"), { name: "AssertionError", message: "boom" });
  try {
    assert.equal(1, 2);
  } catch (error) {
    assert.equal(error.actual, 1);
    assert.equal(error.expected, 2);
    assert.equal(error.operator, "strictEqual");
    assert.ok(error instanceof AssertionError);
  }
});
