test("file 5", () => {});
