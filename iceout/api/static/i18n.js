// The page's language for the other scripts: its messages (a JSON block the server rendered
// from the catalogue, id="messages"), plurals, and numbers and amounts as the page writes them.
(function () {
  "use strict";
  const block = document.getElementById("messages");
  const messages = block ? JSON.parse(block.textContent) : {};
  const lang = document.documentElement.lang === "fr" ? "fr" : "en";
  const number = new Intl.NumberFormat(lang + "-CA", { maximumFractionDigits: 0 });

  // t("Screened %(num)s rows", {num: 3}): the message in the page's language, filled in.
  function t(message, values) {
    const text = Object.prototype.hasOwnProperty.call(messages, message) ? messages[message] : message;
    return text.replace(/%\((\w+)\)s/g, function (_, name) {
      return values && name in values ? String(values[name]) : "";
    });
  }

  // French counts 0 and 1 as singular, English only 1.
  function plural(n, one, other, values) {
    const many = lang === "fr" ? n > 1 : n !== 1;
    return t(many ? other : one, Object.assign({ num: number.format(n) }, values));
  }

  function money(value, currency) {
    if (value === null || value === undefined) return "—";
    if (lang === "en") return currency + number.format(value);
    return number.format(value) + "\u00a0" + (currency === "US$" ? "$\u00a0US" : "$");
  }

  // A match score with two decimals: 0.93 or 0,93.
  function score(value) {
    const text = value.toFixed(2);
    return lang === "fr" ? text.replace(".", ",") : text;
  }

  window.iceoutI18n = { lang: lang, t: t, plural: plural, money: money, number: number.format, score: score };
})();
