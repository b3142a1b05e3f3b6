export let counter = 1;
export function increment() { counter += 1; }
export default "the default";
