import greeting from "greeting";
export default greeting;
