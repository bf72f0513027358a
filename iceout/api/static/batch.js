// Batch screening: upload the CSV, show a summary and the first rows, and offer the screened
// file for download. Without this script the form still posts and the browser downloads.
(function () {
  "use strict";
  const form = document.getElementById("batch-form");
  const status = document.getElementById("batch-status");
  const result = document.getElementById("batch-result");
  const download = document.getElementById("download");
  const table = document.getElementById("batch-preview");
  const PREVIEW_ROWS = 100;
  if (!form) return;
  const { t, plural, number } = window.iceoutI18n;

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const file = form.elements.file.files[0];
    if (!file) return;
    status.textContent = t("Screening %(file)s…", { file: file.name });
    result.hidden = true;
    const response = await fetch(form.action, { method: "POST", body: new FormData(form) });
    if (!response.ok) {
      const body = await response.json().catch(function () { return {}; });
      status.textContent = typeof body.detail === "string" ? body.detail : t("screening failed (%(status)s)", { status: response.status });
      return;
    }
    const text = await response.text();
    const rows = parseCSV(text);
    const header = rows.shift() || [];
    const column = header.indexOf("decision");
    const counts = { match: 0, review: 0, clear: 0 };
    rows.forEach(function (row) { counts[row[column]] = (counts[row[column]] || 0) + 1; });
    status.textContent = plural(rows.length, "Screened %(num)s row", "Screened %(num)s rows", {
      match: number(counts.match), review: number(counts.review), clear: number(counts.clear),
    });
    if (download.href.startsWith("blob:")) URL.revokeObjectURL(download.href);
    download.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    const disposition = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    download.download = disposition ? disposition[1] : "screened.csv";
    renderPreview(header, rows.slice(0, PREVIEW_ROWS));
    result.hidden = false;
  });

  function renderPreview(header, rows) {
    const head = document.createElement("tr");
    header.forEach(function (name) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = name;
      head.append(th);
    });
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren.apply(table.tBodies[0], rows.map(function (row) {
      const tr = document.createElement("tr");
      row.forEach(function (value) {
        const td = document.createElement("td");
        td.textContent = value;
        tr.append(td);
      });
      return tr;
    }));
  }

  // RFC 4180: quoted fields may hold commas, newlines and doubled quotes.
  function parseCSV(text) {
    const rows = [];
    let row = [], field = "", quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { row.push(field); field = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") i++;
        row.push(field); rows.push(row); row = []; field = "";
      } else field += c;
    }
    if (field || row.length) { row.push(field); rows.push(row); }
    return rows;
  }
})();
