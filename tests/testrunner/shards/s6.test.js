test("file 6", () => {});
