export const value = "renamed re-export";
