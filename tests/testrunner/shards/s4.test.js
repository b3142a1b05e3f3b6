test("file 4", () => {});
