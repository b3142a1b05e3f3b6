// SPDX-License-Identifier: MIT
// A socket that is not CLOSED keeps the process alive; once every socket is CLOSED and nothing
// else is pending, the process ends by itself. No timers here: only the socket keeps the run
// going, so reaching "done" proves it, and exiting afterwards proves the rest.
const ws = new WebSocket(servers.echo);
ws.onopen = () => ws.send("ping");
ws.onmessage = (event) => {
  if (event.data !== "ping") throw new Error(`unexpected ${event.data}`);
  ws.close();
};
ws.onclose = (event) => {
  if (!event.wasClean) throw new Error("not clean");
  // A socket that failed to connect does not keep the process alive once CLOSED either.
  const refused = new WebSocket(servers.refused);
  refused.onerror = () => {};
  refused.onclose = () => console.log("done");
};
