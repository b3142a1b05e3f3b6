let x = 1;
let x = 2;
// mentions import but is not a module either
