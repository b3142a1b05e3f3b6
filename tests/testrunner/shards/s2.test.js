test("file 2", () => {});
