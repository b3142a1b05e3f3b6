export const fine = 1;
let x = 2 +;
