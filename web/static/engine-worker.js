// Gutlens analysis engine host: a dedicated Web Worker that runs
// engine.wasm (the pure analysis core), so the page never freezes.
//
// Protocol (messages from the page):
//   {id, type: "analyse", files: [{name, buffer}]}
//                                         analyse one table, or a table plus its taxonomy file
//                                         (transferred ArrayBuffers); the answer is the report's summary
//   {id, type: "query", request}          a JSON request for part of the last report
//                                         (see Query in wasm/engine/engine.go)
// Messages to the page:
//   {id, type: "progress", stage, done}
//   {id, type: "result", json, ms}
//   {id, type: "error", message, fatal}   fatal: the engine died; start a new worker
"use strict";
importScripts("/wasm_exec.js");

let markReady;
const ready = new Promise((resolve) => { markReady = resolve; });
self.gutlensEngineReady = () => markReady();

let dead = null; // set when the Go program can no longer run
const go = new Go();
WebAssembly.instantiateStreaming(fetch("/web/engine.wasm"), go.importObject)
  .then((r) => go.run(r.instance).then(() => { dead = "the analysis engine exited"; }))
  .catch((err) => { dead = "the analysis engine could not start: " + err; markReady(); });

self.onmessage = async (e) => {
  const { id, type, files, request } = e.data;
  try {
    await ready;
    if (dead) throw new Error(dead);
    const out = type === "query"
      ? self.gutlensQuery(String(request))
      : self.gutlensAnalyse(files.map((f) => ({ name: String(f.name), bytes: new Uint8Array(f.buffer) })), (stage, done) => {
          self.postMessage({ id, type: "progress", stage, done });
        });
    if (out.error) {
      self.postMessage({ id, type: "error", message: out.error, fatal: false });
    } else {
      self.postMessage({ id, type: "result", json: out.json, ms: out.ms });
    }
  } catch (err) {
    dead = dead || String(err);
    self.postMessage({ id, type: "error", message: "The analysis engine stopped (" + err + "). It has been restarted; please try again.", fatal: true });
  }
};
