// A file whose runtime ends in the middle of a test still gets reported.
test("before the crash", () => {});
test("ends the process", () => {
  wsjs.exit(3);
});
test("never reached", () => {});
