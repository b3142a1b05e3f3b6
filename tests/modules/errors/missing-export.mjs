// Asks for an export ok.js does not have.
import { fine, absent } from "./ok.js";
