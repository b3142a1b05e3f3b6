export const fromStar = "from export *";
