// MDN's first WebSocket example, as it is: run it against the built-in echo server with
//   scripts/run --serve-echo 8080 examples/echo.js
const socket = new WebSocket("ws://localhost:8080");

socket.addEventListener("open", (event) => {
  console.log("connected to %s (protocol %o, extensions %o)", socket.url, socket.protocol, socket.extensions);
  socket.send("Hello Server!");
  socket.send(new Uint8Array([1, 2, 3]));
});

let replies = 0;
socket.addEventListener("message", async (event) => {
  const data = event.data instanceof Blob ? new Uint8Array(await event.data.arrayBuffer()) : event.data;
  console.log("Message from server:", data);
  if (++replies === 2) socket.close(1000, "done");
});

socket.addEventListener("close", (event) => {
  console.log("closed: code %d, reason %o, clean %s", event.code, event.reason, event.wasClean);
});
