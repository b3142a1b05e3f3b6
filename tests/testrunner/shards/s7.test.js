test("file 7", () => {});
