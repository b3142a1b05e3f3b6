export const value = "module";
