// minhbach serve: reload the page when a rebuild has finished, and show build problems over the
// page until they are fixed. Added only by `minhbach serve`, never to built sites.
(() => {
  "use strict";
  // The build this page came from; a rebuild may finish before the events connect.
  const served = document.currentScript && document.currentScript.dataset.generation;
  const events = new EventSource("/__minhbach/events");
  let generation = served ? Number(served) : null;
  let overlay = null;

  const clear = () => {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  };

  const el = (tag, text, style) => {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (style) Object.assign(node.style, style);
    return node;
  };

  // Problems are inserted as text (textContent), never as HTML.
  const show = (report) => {
    clear();
    overlay = el("div", null, {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      background: "rgba(20, 20, 20, 0.92)", color: "#fff", padding: "2rem",
      font: "15px/1.5 system-ui, sans-serif",
    });
    overlay.id = "minhbach-overlay";
    overlay.lang = "en";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "minhbach-overlay-title");
    overlay.setAttribute("aria-describedby", "minhbach-overlay-note");
    const title = el("h2", report.title, { margin: "0 0 .5rem", color: "#ffb4a8" });
    title.id = "minhbach-overlay-title";
    const note = el("p", "This page shows the last build that worked. Fix the file and save; this message goes away by itself.");
    note.id = "minhbach-overlay-note";
    const list = el("ol", null, { paddingLeft: "1.2rem" });
    for (const problem of report.problems) {
      const item = el("li", null, { margin: "1rem 0" });
      item.append(el("strong", problem.location));
      item.append(el("pre", problem.text, {
        whiteSpace: "pre-wrap", background: "#000", color: "#fff", padding: ".75rem",
        font: "14px/1.4 ui-monospace, monospace", margin: ".25rem 0 0",
      }));
      list.append(item);
    }
    const close = el("button", "Close", { font: "inherit", padding: ".25rem 1rem" });
    close.type = "button";
    close.addEventListener("click", clear);
    overlay.addEventListener("keydown", (e) => { if (e.key === "Escape") clear(); });
    overlay.append(title, note, list, close);
    document.body.append(overlay);
    close.focus();
  };

  // Sent on every (re)connection: a new generation means rebuilds happened while disconnected.
  events.addEventListener("hello", (e) => {
    const data = JSON.parse(e.data);
    if (generation !== null && data.generation !== generation) {
      location.reload();
      return;
    }
    generation = data.generation;
    if (data.errors) show(data.errors); else clear();
  });

  events.addEventListener("reload", (e) => {
    const data = JSON.parse(e.data);
    generation = data.generation;
    clear();
    if (data.stylesheets_only) {
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        const url = new URL(link.href);
        url.searchParams.set("live", String(data.generation));
        link.href = url.href;
      }
    } else {
      location.reload();
    }
  });

  events.addEventListener("problems", (e) => show(JSON.parse(e.data)));
})();
