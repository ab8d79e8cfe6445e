// Gutlens page-side bridge to the analysis engine Web Worker.
// The file's bytes stay in this browser: they go from the File API straight
// to the worker (a transferred ArrayBuffer) and nowhere else.
"use strict";
window.gutlensEngine = (() => {
  let worker = null;
  let seq = 0;
  const pending = new Map();

  function failAll(message) {
    for (const p of pending.values()) p.onError(message);
    pending.clear();
  }

  function start() {
    worker = new Worker("/web/engine-worker.js");
    worker.onmessage = (e) => {
      const m = e.data;
      const p = pending.get(m.id);
      if (!p) return;
      if (m.type === "progress") { p.onProgress(m.stage, m.done); return; }
      pending.delete(m.id);
      if (m.type === "result") p.onDone(m.json, m.ms, m.order || "");
      else p.onError(m.message);
      if (m.fatal) restart();
    };
    worker.onerror = (e) => {
      e.preventDefault();
      failAll("The analysis engine failed: " + (e.message || "unknown error") + ". It has been restarted; please try again.");
      restart();
    };
  }

  function restart() {
    if (worker) worker.terminate();
    worker = null;
  }

  function post(message, transfer, onProgress, onDone, onError) {
    if (!worker) start();
    const id = ++seq;
    pending.set(id, { onProgress, onDone, onError });
    worker.postMessage({ id, ...message }, transfer);
  }

  function run(files, onProgress, onDone, onError) {
    post({ type: "analyse", files }, files.map((f) => f.buffer), onProgress, onDone, onError);
  }

  function describe(err) {
    return (err && err.message) ? err.message : String(err);
  }

  return {
    // analyseFiles reads the Files from a picker or a drop (one table, or a
    // table plus its taxonomy file) and analyses them together.
    analyseFiles(fileList, onProgress, onDone, onError) {
      const files = Array.from(fileList);
      Promise.all(files.map((file) => file.arrayBuffer().then(
        (buffer) => ({ name: file.name, buffer }),
        (err) => { throw new Error(file.name + ": the browser could not read the file (" + describe(err) + ")"); })))
        .then((read) => run(read, onProgress, onDone, onError), (err) => onError(describe(err)));
    },
    // analyseURL fetches a bundled file (the sample) from this origin and analyses it.
    analyseURL(url, name, onProgress, onDone, onError) {
      fetch(url)
        .then((r) => { if (!r.ok) throw new Error("HTTP " + r.status); return r.arrayBuffer(); })
        .then((buffer) => run([{ name, buffer }], onProgress, onDone, onError),
              (err) => onError(name + ": could not load the sample (" + describe(err) + ")"));
    },
    // query asks the engine for part of the last report (a JSON request).
    query(request, onDone, onError) {
      post({ type: "query", request }, [], () => {}, onDone, onError);
    },
    // warm starts the engine ahead of the first file.
    warm() { if (!worker) start(); },
  };
})();
