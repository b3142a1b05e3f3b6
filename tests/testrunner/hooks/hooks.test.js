// Hook order: file-level and describe-level, before and after, and t.after.
const order = [];
beforeAll(() => order.push("beforeAll"));
afterAll(() => console.log(order.join(" ")));
beforeEach(() => order.push("beforeEach"));
afterEach(() => order.push("afterEach"));

describe("inner", () => {
  beforeAll(() => order.push("inner.beforeAll"));
  afterAll(() => order.push("inner.afterAll"));
  beforeEach(() => order.push("inner.beforeEach"));
  afterEach(() => order.push("inner.afterEach"));
  test("one", (t) => {
    order.push("one");
    t.after(() => order.push("t.after"));
  });
});

test("two", () => {
  order.push("two");
});
