export default "hello from the map";
