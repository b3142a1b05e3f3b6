import data from "../json/data.json";
