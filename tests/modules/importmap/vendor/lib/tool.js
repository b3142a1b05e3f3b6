export const tool = "lib/tool.js via a prefix";
