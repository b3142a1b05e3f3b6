test("file 1", () => {});
