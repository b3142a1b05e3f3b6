// SPDX-License-Identifier: MIT

/// The script `wsjs check` runs before a page's blocks, in the same global scope: it counts the
/// WebSockets the blocks create and those that reach OPEN (reported through a host function the
/// check installs and this script removes), and closes sockets left open once nothing has
/// happened on any socket for the quiet period, so that every check ends.
enum CheckHarness {
    static let hostFunctionName = "__wsjsCheckReport"

    static let source = """
        (() => {
          "use strict";
          const report = globalThis.\(hostFunctionName);
          delete globalThis.\(hostFunctionName);
          const quietMilliseconds = report("quiet-period");
          const NativeWebSocket = globalThis.WebSocket;
          const setTimer = setTimeout, clearTimer = clearTimeout;
          const live = new Set();
          let timer = 0;
          // Every event restarts the quiet period; when it passes, open sockets are closed.
          function activity() {
            clearTimer(timer);
            timer = live.size > 0 ? setTimer(closeQuietSockets, quietMilliseconds) : 0;
          }
          function closeQuietSockets() {
            for (const socket of live) {
              if (socket instanceof NativeWebSocket) socket.close(1000, "wsjs check: quiet period over");
              else socket.close({ closeCode: 1000, reason: "wsjs check: quiet period over" });
            }
          }
          class WebSocket extends NativeWebSocket {
            constructor(...args) {
              super(...args);
              report("created");
              live.add(this);
              this.addEventListener("open", () => { report("opened"); activity(); });
              this.addEventListener("message", activity);
              this.addEventListener("close", () => { live.delete(this); activity(); });
              activity();
            }
          }
          Object.defineProperty(globalThis, "WebSocket", { value: WebSocket, writable: true, enumerable: false, configurable: true });
          // WebSocketStreams count the same way; each message read is activity (the readable
          // side the block gets passes every chunk through a counting TransformStream). Made on
          // first use, as the global itself is: the streams cost a block that uses none ~7 MiB.
          const nativeStreamGlobal = Object.getOwnPropertyDescriptor(globalThis, "WebSocketStream");
          const defineStreamGlobal = (value) => Object.defineProperty(globalThis, "WebSocketStream", { value, writable: true, enumerable: false, configurable: true });
          function countingWebSocketStream() {
            const NativeWebSocketStream = nativeStreamGlobal.get ? nativeStreamGlobal.get.call(globalThis) : nativeStreamGlobal.value;
            const openedPromises = new WeakMap();
            return class WebSocketStream extends NativeWebSocketStream {
              constructor(...args) {
                super(...args);
                report("created");
                live.add(this);
                const ended = () => { live.delete(this); activity(); };
                super.closed.then(ended, ended);
                openedPromises.set(this, super.opened.then((info) => {
                  report("opened");
                  activity();
                  const counted = new TransformStream({ transform(chunk, controller) { activity(); controller.enqueue(chunk); } });
                  return { ...info, readable: info.readable.pipeThrough(counted) };
                }));
                openedPromises.get(this).catch(() => {});
                activity();
              }
              get opened() { return openedPromises.get(this) ?? super.opened; }
            };
          }
          Object.defineProperty(globalThis, "WebSocketStream", {
            get() {
              const value = countingWebSocketStream();
              defineStreamGlobal(value);
              return value;
            },
            set: defineStreamGlobal,
            enumerable: false,
            configurable: true,
          });
        })();
        """
}
