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
//   {id, type: "result", json, ms, order}
//                                         order (analyse only): the summary's sample order as a
//                                         JSON array, taken out of json (see splitOrder)
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

// splitOrder takes the sample order out of an analysis summary: it is
// nearly all of it (126 of 128 kB for 5,452 samples), and as an array of
// its own the page reads it with a plain scan, not a general JSON decoder,
// whose run on the page's thread would be a long task (issue 6).
function splitOrder(json) {
  const summary = JSON.parse(json);
  if (!Array.isArray(summary.sample_order)) return { json };
  const order = JSON.stringify(summary.sample_order);
  delete summary.sample_order;
  return { json: JSON.stringify(summary), order };
}

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
    } else if (type === "query") {
      self.postMessage({ id, type: "result", json: out.json, ms: out.ms });
    } else {
      self.postMessage({ id, type: "result", ms: out.ms, ...splitOrder(out.json) });
    }
  } catch (err) {
    dead = dead || String(err);
    self.postMessage({ id, type: "error", message: "The analysis engine stopped (" + err + "). It has been restarted; please try again.", fatal: true });
  }
};
