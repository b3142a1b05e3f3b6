import "./syntax-error-dep.js";
