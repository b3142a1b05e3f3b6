// A plain suite: passing, failing, skipped and todo tests, nested describes.
test("adds", () => {
  expect(1 + 1).toBe(2);
});

describe("strings", () => {
  it("concatenates", () => {
    expect("a" + "b").toBe("ab");
  });

  describe("case", () => {
    it("upper-cases", () => {
      expect("ws".toUpperCase()).toBe("WSS");
    });
  });
});

test.skip("not yet", () => {});
test.todo("some day");
