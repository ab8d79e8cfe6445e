// Gutlens partner loader: <script src="https://GUTLENS/web/embed.js" defer></script>
// then <gutlens-analyser lang="nl"></gutlens-analyser>.
//
// It defines the <gutlens-analyser> element, which frames Gutlens' /embed
// page (a cross-origin iframe: this page's scripts cannot read what the
// user analyses there), sizes it from the widget's messages, and
// re-dispatches them as DOM events on the element:
//   gutlens-ready    detail {version}
//   gutlens-resize   detail {height}
//   gutlens-summary  detail: the summary the user chose to share (see README)
// Attributes: src (the Gutlens site; only its origin is used; default: the
// origin this script came from), lang ("en" or "nl"), height ("auto", the
// default, follows the content; or a CSS length such as "640px"), title.
// Protocol version 1. Messages are accepted from the Gutlens origin and the
// element's own iframe only, and sent to that exact origin.
"use strict";
(() => {
  const PROTOCOL = 1;
  const script = document.currentScript;
  const defaultOrigin = script && script.src ? new URL(script.src).origin : location.origin;
  const TITLES = { en: "Gutlens: gut microbiome analyser", nl: "Gutlens: darmflora-analyse" };

  class GutlensAnalyser extends HTMLElement {
    static get observedAttributes() { return ["height"]; }

    connectedCallback() {
      if (this.frame) return;
      let origin;
      try {
        origin = new URL(this.getAttribute("src") || defaultOrigin, location.href).origin;
      } catch (err) {
        console.error("gutlens-analyser: src is not a URL:", err);
        return;
      }
      if (origin === "null") return;
      const lang = (this.getAttribute("lang") || document.documentElement.lang || "en").slice(0, 2).toLowerCase() === "nl" ? "nl" : "en";
      this.origin = origin;
      this.version = 0;
      const f = document.createElement("iframe");
      f.src = origin + "/embed" + (lang === "nl" ? "?lang=nl" : "");
      f.title = this.getAttribute("title") || TITLES[lang];
      // Only the origin of this page goes with the request, so the widget
      // knows whom to talk to (it checks it against its allow-list).
      f.referrerPolicy = "strict-origin";
      // No sandbox: the widget needs its own origin (service worker, wasm,
      // storage). Partners who add one must keep allow-same-origin.
      f.allow = "clipboard-write";
      f.loading = "lazy";
      f.style.cssText = "display:block;width:100%;border:0;min-height:220px;";
      this.frame = f;
      this.applyHeight();
      this.listener = (e) => this.onMessage(e);
      window.addEventListener("message", this.listener);
      // Ask for gutlens:ready until it comes: the widget may start before
      // or after this page's load event.
      let tries = 0;
      const hello = () => {
        if (this.version || !this.frame || tries++ > 60) return;
        if (f.contentWindow) f.contentWindow.postMessage({ type: "gutlens:hello", version: PROTOCOL }, origin);
        this.helloTimer = setTimeout(hello, 500);
      };
      f.addEventListener("load", hello);
      this.append(f);
    }

    disconnectedCallback() {
      window.removeEventListener("message", this.listener);
      clearTimeout(this.helloTimer);
      if (this.frame) this.frame.remove();
      this.frame = null;
    }

    attributeChangedCallback() { this.applyHeight(); }

    applyHeight() {
      if (!this.frame) return;
      const h = this.getAttribute("height");
      if (h && h !== "auto") this.frame.style.height = h;
    }

    onMessage(e) {
      // Our iframe, our origin, our protocol: anything else is not for us.
      if (!this.frame || e.source !== this.frame.contentWindow || e.origin !== this.origin) return;
      const m = e.data;
      if (!m || typeof m !== "object" || typeof m.type !== "string" || m.version !== PROTOCOL) return;
      switch (m.type) {
        case "gutlens:ready":
          this.version = m.version;
          this.emit("gutlens-ready", { version: m.version });
          break;
        case "gutlens:resize": {
          const h = Math.round(Number(m.height));
          if (!(h > 0 && h < 100000)) return;
          const fixed = this.getAttribute("height");
          if (!fixed || fixed === "auto") this.frame.style.height = h + "px";
          this.emit("gutlens-resize", { height: h });
          break;
        }
        case "gutlens:summary":
          if (m.summary && typeof m.summary === "object") this.emit("gutlens-summary", m.summary);
          break;
      }
    }

    emit(type, detail) {
      this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
    }
  }

  if (!customElements.get("gutlens-analyser")) customElements.define("gutlens-analyser", GutlensAnalyser);
})();
