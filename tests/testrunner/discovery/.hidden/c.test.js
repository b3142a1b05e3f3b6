test("hidden", () => {});
