console.log("before");
throw new RangeError("thrown while evaluating");
