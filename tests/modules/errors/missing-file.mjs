import { fine } from "./ok.js";
import { nope } from "./missing.js";
