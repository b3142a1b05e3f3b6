// A test file that is an ES module: the API from `wsjs:test`, a helper module, top-level await.
import { test, describe, expect, assert, once } from "wsjs:test";
import { double } from "./helper.mjs";

const ready = await Promise.resolve(21);

describe("a module test file", () => {
  test("uses what it imported", () => {
    expect(double(ready)).toBe(42);
    assert.equal(typeof once, "function");
  });

  test("reports a failure at its line", () => {
    expect(double(1)).toBe(3);
  });
});
