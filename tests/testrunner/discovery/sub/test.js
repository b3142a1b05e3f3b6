test("found", () => {});
