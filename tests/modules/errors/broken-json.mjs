import data from "../json/broken.json" with { type: "json" };
