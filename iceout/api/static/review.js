// Review queue: sign in with a reviewer's API key (kept in this browser's localStorage, sent
// only to this service), then confirm, reject or mark unsure each pending link with a reason.
(function () {
  "use strict";
  const STORAGE = "iceout-api-key";
  const signinForm = document.getElementById("signin-form");
  const keyInput = document.getElementById("api-key");
  const signedIn = document.getElementById("signed-in");
  const signinError = document.getElementById("signin-error");
  const t = window.iceoutI18n.t;
  const OUTCOMES = {
    positive: "Confirmed by %(who)s at %(when)s UTC.",
    negative: "Rejected by %(who)s at %(when)s UTC.",
    unsure: "Marked unsure by %(who)s at %(when)s UTC.",
  };
  if (!signinForm) return;

  function setSignedIn(me) {
    signedIn.hidden = !me;
    signinForm.hidden = !!me;
    if (me) {
      document.getElementById("reviewer-name").textContent = me.name;
      document.getElementById("reviewer-role").textContent = t(me.role);
      signinError.hidden = true;
    }
    document.querySelectorAll(".item:not(.decided) form.decide button").forEach(function (b) {
      b.disabled = !me;
    });
  }

  function showError(message) {
    signinError.textContent = message;
    signinError.hidden = false;
  }

  async function signIn(key) {
    const response = await fetch("/api/me", { headers: { Authorization: "Bearer " + key } });
    const body = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      localStorage.removeItem(STORAGE);
      setSignedIn(null);
      showError(body.detail || t("sign-in failed (%(status)s)", { status: response.status }));
      return;
    }
    localStorage.setItem(STORAGE, key);
    setSignedIn(body);
  }

  signinForm.addEventListener("submit", function (event) {
    event.preventDefault();
    const key = keyInput.value.trim();
    keyInput.value = "";
    if (key) signIn(key);
  });
  document.getElementById("sign-out").addEventListener("click", function () {
    localStorage.removeItem(STORAGE);
    setSignedIn(null);
  });

  document.querySelectorAll("form.decide").forEach(function (form) {
    form.addEventListener("submit", decide);
  });

  async function decide(event) {
    event.preventDefault();
    const form = event.target;
    const item = form.closest(".item");
    const outcome = item.querySelector(".outcome");
    const judgement = event.submitter ? event.submitter.value : "unsure";
    const key = localStorage.getItem(STORAGE);
    if (!key) {
      outcome.textContent = t("Sign in with a reviewer's API key first.");
      return;
    }
    const buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    const response = await fetch("/api/judgements", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer " + key },
      body: JSON.stringify({
        name: item.dataset.name,
        family_id: item.dataset.family,
        judgement: judgement,
        reason: form.elements.reason.value,
      }),
    });
    const body = await response.json().catch(function () { return {}; });
    if (response.ok) {
      item.classList.add("decided", judgement);
      form.elements.reason.disabled = true;
      outcome.textContent = t(OUTCOMES[judgement], { who: body.reviewer, when: body.decided_at });
      return;
    }
    outcome.textContent = typeof body.detail === "string" ? body.detail : t("not recorded (%(status)s)", { status: response.status });
    if (response.status === 401) {
      localStorage.removeItem(STORAGE);
      setSignedIn(null);
    } else {
      buttons.forEach(function (b) { b.disabled = false; });
    }
  }

  const stored = localStorage.getItem(STORAGE);
  if (stored) signIn(stored); else setSignedIn(null);
})();
