export default "hello from the scope";
