// Gutlens on-device history, exports, and files that arrive from the
// operating system (share target, file handlers). Nothing here sends
// anything anywhere: results live in this browser's IndexedDB, exports
// are downloads made from blobs, and shared files are kept by the service
// worker (app-worker.js) in the same database until the page takes them.
//
// This script never touches the page's DOM (go-app owns it): the Go UI
// calls these functions and renders their answers. Callbacks are
// (onDone, onError) pairs, as in gutlens.js.
"use strict";
(() => {
  // The database is shared with the service worker, which opens it with the
  // same name, version and upgrade (web/site/site.go, serviceWorker).
  const DB = "gutlens", VERSION = 1, RESULTS = "results", INBOX = "inbox";
  const HISTORY_SCHEMA = "gutlens-history/1", RESULT_SCHEMA = "gutlens-result/1";

  function open() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(RESULTS)) db.createObjectStore(RESULTS, { keyPath: "id" });
        if (!db.objectStoreNames.contains(INBOX)) db.createObjectStore(INBOX, { autoIncrement: true });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error("the history database is open in an older tab; close it and try again"));
    });
  }

  // tx runs fn(store) in one transaction and resolves with fn's request
  // result once the transaction has committed.
  async function tx(store, mode, fn) {
    const db = await open();
    try {
      return await new Promise((resolve, reject) => {
        const t = db.transaction(store, mode);
        let out;
        const req = fn(t.objectStore(store));
        if (req) req.onsuccess = () => { out = req.result; };
        t.oncomplete = () => resolve(out);
        t.onerror = () => reject(t.error);
        t.onabort = () => reject(t.error || new Error("the transaction was aborted"));
      });
    } finally {
      db.close();
    }
  }

  function describe(err) {
    return (err && err.message) ? err.message : String(err);
  }

  // callback turns a promise into the (onDone, onError) convention.
  function callback(promise, onDone, onError) {
    promise.then((v) => onDone(v), (err) => onError(describe(err)));
  }

  function engineQuery(request) {
    return new Promise((resolve, reject) => {
      if (!window.gutlensEngine) { reject(new Error("the analysis engine did not load")); return; }
      window.gutlensEngine.query(JSON.stringify(request), resolve, (msg) => reject(new Error(msg)));
    });
  }

  function download(name, mime, text) {
    const url = URL.createObjectURL(new Blob([text], { type: mime }));
    const a = document.createElement("a"); // never attached to the page
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  function byDate(a, b) {
    return a.saved < b.saved ? -1 : a.saved > b.saved ? 1 : (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  async function all() {
    const rs = await tx(RESULTS, "readonly", (s) => s.getAll());
    return (rs || []).sort(byDate);
  }

  // light drops what the list and the trend charts do not need.
  function light(r) {
    const { composition, ...rest } = r;
    return { ...rest, samples: (r.samples || []).map(({ top_taxa, ...s }) => s) };
  }

  function newID() {
    if (crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  async function persist() {
    if (!navigator.storage || !navigator.storage.persist) return "unsupported";
    if (await navigator.storage.persisted()) return "granted";
    return (await navigator.storage.persist()) ? "granted" : "denied";
  }

  function valid(r) {
    return r && typeof r === "object" && typeof r.id === "string" && r.id !== "" &&
      r.schema === RESULT_SCHEMA && typeof r.saved === "string" && r.input && Array.isArray(r.samples);
  }

  window.gutlensHistory = {
    // save asks the engine for the compact result of the report shown,
    // stores it, and asks for persistent storage (on this user action only).
    // onDone gets "granted", "denied" or "unsupported".
    save(onDone, onError) {
      callback((async () => {
        const rec = JSON.parse(await engineQuery({ kind: "record" }));
        const saved = { id: newID(), saved: new Date().toISOString(), ...rec };
        await tx(RESULTS, "readwrite", (s) => s.put(saved));
        try { return await persist(); } catch (e) { return "unsupported"; }
      })(), onDone, onError);
    },
    // list answers the saved results, oldest first, as a JSON string,
    // without top taxa and composition.
    list(onDone, onError) {
      callback(all().then((rs) => JSON.stringify(rs.map(light))), onDone, onError);
    },
    // exportAll downloads every saved result in one file.
    exportAll(onDone, onError) {
      callback(all().then((rs) => {
        const file = { schema: HISTORY_SCHEMA, exported: new Date().toISOString(), results: rs };
        download("gutlens-history.json", "application/json", JSON.stringify(file, null, 1));
        return rs.length;
      }), onDone, onError);
    },
    // importFile reads a history file and stores its results, replacing
    // saved results with the same id; onDone gets how many it read.
    importFile(file, onDone, onError) {
      callback((async () => {
        let data;
        try { data = JSON.parse(await file.text()); } catch (e) { throw new Error(file.name + " is not a Gutlens history file (" + describe(e) + ")"); }
        if (!data || data.schema !== HISTORY_SCHEMA || !Array.isArray(data.results)) {
          throw new Error(file.name + " is not a Gutlens history file (schema " + HISTORY_SCHEMA + ")");
        }
        const bad = data.results.findIndex((r) => !valid(r));
        if (bad >= 0) throw new Error(file.name + ": result " + (bad + 1) + " is not a saved Gutlens result");
        await tx(RESULTS, "readwrite", (s) => { for (const r of data.results) s.put(r); });
        return data.results.length;
      })(), onDone, onError);
    },
    // clear deletes every saved result.
    clear(onDone, onError) {
      callback(tx(RESULTS, "readwrite", (s) => s.clear()).then(() => true), onDone, onError);
    },
    estimate(onDone) {
      if (!navigator.storage || !navigator.storage.estimate) { onDone(-1); return; }
      navigator.storage.estimate().then((e) => onDone(e.usage || 0), () => onDone(-1));
    },
  };

  window.gutlensExport = {
    // download asks the engine for an export of the report shown (kind
    // "export-report" or "export-csv") and saves it as a file.
    download(kind, name, mime, onDone, onError) {
      callback(engineQuery({ kind }).then((text) => {
        if (mime === "application/json") text = JSON.stringify(JSON.parse(text), null, 1);
        download(name, mime, text);
        return true;
      }), onDone, onError);
    },
    print() { window.print(); },
  };

  // Files from the operating system: the share target (kept by the service
  // worker in INBOX) and file handlers (window.launchQueue).
  let launched = [];
  let listener = null;
  function deliver(files) {
    if (!files.length) return;
    if (listener) listener(files); else launched.push(...files);
  }
  if ("launchQueue" in window && window.launchQueue.setConsumer) {
    window.launchQueue.setConsumer(async (params) => {
      if (!params.files || !params.files.length) return;
      const files = await Promise.all(params.files.map((h) => h.getFile()));
      deliver(files);
    });
  }

  window.gutlensInbox = {
    // listen calls fn with the Files the operating system opens the app
    // with, now (when some came before) and later.
    listen(fn) {
      listener = fn;
      if (launched.length) { const fs = launched; launched = []; fn(fs); }
    },
    // take hands over the shared files the service worker keeps, and
    // forgets them; onDone gets an array of Files (empty when none came).
    take(onDone, onError) {
      callback((async () => {
        const items = await tx(INBOX, "readwrite", (s) => {
          const req = s.getAll();
          req.addEventListener("success", () => s.clear());
          return req;
        });
        return (items || []).map((it) => new File([it.blob], it.name, { type: it.type || "" }));
      })(), onDone, onError);
    },
    count() {
      return tx(INBOX, "readonly", (s) => s.count());
    },
    // forgetShareURL takes "?shared=1" out of the address, so a reload
    // does not look for the shared file again.
    forgetShareURL() {
      const u = new URL(location.href);
      if (u.searchParams.has("shared")) {
        u.searchParams.delete("shared");
        history.replaceState(history.state, "", u.pathname + u.search + u.hash);
      }
    },
  };
})();
