test("file 3", () => {});
