// Instant search on the home page: as the user types, the families whose names contain the
// text and the screening verdict for it. Built with DOM methods and textContent only.
// While the user types the verdict is a preview, logged apart (request "preview"); submitting
// the form (Enter or the button) is a screening, logged with its answer.
(function () {
  "use strict";
  const input = document.getElementById("q");
  const list = document.getElementById("family-list");
  const title = document.getElementById("results-title");
  const verdictBox = document.getElementById("verdict");
  if (!input || !list) return;
  const { t, plural, money, number, score } = window.iceoutI18n;
  let timer = null;
  let sequence = 0;

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { update(true); }, 150);
  });
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    update(false);
  });

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(function () { return {}; });
    if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : t("search failed (%(status)s)", { status: response.status }));
    return body;
  }

  async function update(preview) {
    const q = input.value.trim();
    const mine = ++sequence;
    const url = new URL(window.location.href);
    if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    try {
      const [families, verdict] = await Promise.all([
        getJSON("/api/families?limit=50&q=" + encodeURIComponent(q)),
        q ? getJSON("/api/screen?name=" + encodeURIComponent(q) + (preview ? "&preview=true" : "")) : Promise.resolve(null),
      ]);
      if (mine !== sequence) return;
      renderFamilies(q, families);
      renderVerdict(q, verdict);
    } catch (error) {
      if (mine !== sequence) return;
      verdictBox.replaceChildren(element("p", "error", error.message));
    }
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text) {
    const a = element("a", "", text);
    a.href = href;
    return a;
  }

  function renderFamilies(q, page) {
    title.textContent = q
      ? t("Families with a name containing '%(q)s' (%(total)s)", { q: q, total: number(page.total) })
      : t("Families with money on both sides");
    const items = page.results.map(function (f) {
      const li = element("li");
      li.append(link(f.url, f.name), " ");
      const parts = [f.country || ""];
      if (f.kind === "government") parts.push(t("government body"));
      if (f.on_watchlist) parts.push(plural(f.us_awards, "%(num)s ICE/DHS award", "%(num)s ICE/DHS awards") + ", " + money(f.us_obligations_usd, "US$"));
      if (f.canadian_records) parts.push(plural(f.canadian_records, "%(num)s Canadian record", "%(num)s Canadian records") + ", " + Object.keys(f.canadian_by_kind || {}).map(function (k) { return money(f.canadian_by_kind[k], "C$") + " " + t(k); }).join(", "));
      li.append(element("span", "meta", parts.filter(Boolean).join(" · ")));
      return li;
    });
    list.replaceChildren.apply(list, items);
    const none = document.getElementById("no-families");
    if (none) none.remove();
    if (!items.length && q) list.after(Object.assign(element("p", "none", t("No family has a name containing '%(q)s'.", { q: q })), { id: "no-families" }));
  }

  function renderVerdict(q, result) {
    if (!result) {
      verdictBox.replaceChildren();
      return;
    }
    const p = element("p", "verdict " + result.decision);
    p.append(element("span", "badge", t(result.decision)), " ");
    if (result.family_id) {
      const shown = t("score %(score)s", { score: score(result.score) });
      p.append(link(result.dossier_url, result.family), " (" + shown + ")" + t(": ") + (result.explanation || ""));
    } else {
      p.append(t("'%(name)s' is not on the watchlist.", { name: q }));
    }
    verdictBox.replaceChildren(p);
  }
})();
