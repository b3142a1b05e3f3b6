console.log("meta", typeof import.meta.url);
