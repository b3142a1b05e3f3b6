test("skipped by only", () => {});
test.only("runs", () => {});
describe.only("group", () => {
  test("runs too", () => {});
});
