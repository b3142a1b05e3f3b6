// A file that throws while loading fails as a file.
test("never runs", () => {});
throw new Error("broken at load");
