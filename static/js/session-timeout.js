// Signed-in pages only (templates/includes/session_timeout.html).
//
// 1. Before the session ends (after SESSION_IDLE_SECONDS without a request, or 12
//    hours after signing in), a dialog says how long is left and offers "Stay
//    signed in", which is a request to the server, so the session really goes on.
//    When the time is up the page goes to the sign-in page. It asks the server
//    first each time: another tab may have kept the session going.
// 2. What is typed into a form is kept in this tab's sessionStorage (never sent
//    anywhere), so a sign-out the person did not choose does not lose it: when the
//    same account signs in again in this tab and comes back to the page, it is put
//    back. Another account signing in discards it; sending the form or choosing to
//    sign out clears it. See docs/security-and-privacy.md.
(function () {
  "use strict";
  var dialog = document.getElementById("session-timeout");
  if (!dialog) return;
  var data = dialog.dataset;
  var actions = dialog.querySelector("form");
  var signOutPath = new URL(actions.action, window.location.href).pathname;

  // ---- 1. The warning ----

  var idleMs = Number(data.idleSeconds) * 1000;
  var warnMs = Number(data.warningSeconds) * 1000;
  var loaded = Date.now();
  var idleEndsAt = loaded + Number(data.idleLeft) * 1000;
  var endsAt = loaded + Number(data.endsIn) * 1000; // the 12 hours in all
  var stay = dialog.querySelector("[data-stay]");
  var carryOn = dialog.querySelector("[data-carry-on]");
  var timeLeft = dialog.querySelector("[data-time-left]");
  var returnFocus = null;
  var asking = false;
  var carriedOn = false;
  var leaving = false;

  function deadline() {
    return Math.min(idleEndsAt, endsAt);
  }

  function inWords(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 60) {
      var minutes = Math.ceil(seconds / 60);
      return minutes + (minutes === 1 ? " minute" : " minutes");
    }
    return seconds + (seconds === 1 ? " second" : " seconds");
  }

  function sessionLeft(answer) {
    idleEndsAt = Date.now() + answer.idle_left * 1000;
    endsAt = Date.now() + answer.ends_in * 1000;
  }

  // The server's answer ({signed_in, idle_left, ends_in}), or null if it cannot be reached.
  function ask() {
    return fetch(data.statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .catch(function () {
        return null;
      });
  }

  function goToSignIn() {
    if (leaving) return;
    leaving = true;
    var next = window.location.pathname + window.location.search;
    window.location.assign(data.signInUrl + "?next=" + encodeURIComponent(next));
  }

  function open() {
    var longest = endsAt <= idleEndsAt;
    dialog.querySelectorAll("[data-longest]").forEach(function (part) {
      part.hidden = !longest;
    });
    stay.hidden = longest;
    carryOn.hidden = !longest;
    timeLeft.textContent = inWords(deadline() - Date.now());
    returnFocus = document.activeElement;
    dialog.showModal();
    (longest ? carryOn : stay).focus();
  }

  function close() {
    if (!dialog.open) return;
    dialog.close();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  }

  // The 12-hour warning was read and closed ("Carry on"): not shown again.
  function quiet() {
    return carriedOn && endsAt <= idleEndsAt;
  }

  function tick() {
    if (asking || leaving) return;
    var left = deadline() - Date.now();
    if (dialog.open) timeLeft.textContent = inWords(left);
    if (left > warnMs) return close();
    if (left > 0 && (dialog.open || quiet())) return;
    // Time to warn, or time to go: unless the session went on in another tab.
    asking = true;
    ask().then(function (answer) {
      asking = false;
      if (answer && !answer.signed_in) return goToSignIn();
      if (answer) sessionLeft(answer);
      left = deadline() - Date.now();
      if (left > warnMs) return close();
      // Left at 0 by the server's clock: signed out by it within the second.
      if (left <= 0 && !answer) return goToSignIn();
      if (left > 0 && !dialog.open && !quiet()) open();
    });
  }

  stay.addEventListener("click", function () {
    var token = actions.querySelector("[name=csrfmiddlewaretoken]").value;
    fetch(data.keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token },
    })
      .then(function (response) {
        if (response.status !== 204) return goToSignIn();
        idleEndsAt = Date.now() + idleMs;
        close();
      })
      .catch(goToSignIn);
  });

  carryOn.addEventListener("click", function () {
    carriedOn = true;
    close();
  });

  // Escape does what the dialog's first button does, not a silent close.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    (stay.hidden ? carryOn : stay).click();
  });

  window.setInterval(tick, 1000);

  // ---- 2. Typed work kept through a sign-out ----

  var store;
  try {
    store = window.sessionStorage;
  } catch (error) {
    return; // storage turned off: nothing is kept
  }
  var PREFIX = "typed-draft:";
  var TEXT_TYPES = ["text", "search", "email", "url", "tel"];

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      if (!field.name || field.name === "csrfmiddlewaretoken" || field.disabled) return false;
      if (field.autocomplete === "one-time-code") return false; // a sign-in code: no use later
      if (field.tagName === "TEXTAREA") return true;
      return field.tagName === "INPUT" && TEXT_TYPES.indexOf(field.type) !== -1;
    });
  }

  function isSignOut(form) {
    return new URL(form.action, window.location.href).pathname === signOutPath;
  }

  var forms = Array.prototype.filter.call(document.forms, function (form) {
    return (
      form.method === "post" &&
      !dialog.contains(form) &&
      !isSignOut(form) &&
      fieldsOf(form).length > 0
    );
  });

  function keyOf(form) {
    return PREFIX + window.location.pathname + "#" + forms.indexOf(form);
  }

  function keep(form) {
    var values = {};
    fieldsOf(form).forEach(function (field) {
      if (field.value) values[field.name] = field.value;
    });
    try {
      if (Object.keys(values).length === 0) store.removeItem(keyOf(form));
      else
        store.setItem(
          keyOf(form),
          JSON.stringify({ account: data.account, session: data.session, values: values }),
        );
    } catch (error) {
      // Storage full: the form itself still works.
    }
  }

  function storedKeys() {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      if (store.key(i).indexOf(PREFIX) === 0) keys.push(store.key(i));
    }
    return keys;
  }

  // A form sent from this page and shown again (refused) is still unsent work.
  var SENT = "typed-draft-sent";
  var sent = store.getItem(SENT);
  store.removeItem(SENT);

  // What is kept from earlier pages: another account's is dropped; this session's
  // was either sent or left without sending (as it would be without this script);
  // an earlier session's is the work a sign-out interrupted, put back on its page.
  var restored = null;
  storedKeys().forEach(function (key) {
    var draft = null;
    try {
      draft = JSON.parse(store.getItem(key));
    } catch (error) {
      // not ours to read: dropped below
    }
    if (!draft || draft.account !== data.account || draft.session === data.session) {
      store.removeItem(key);
      return;
    }
    var form = forms.find(function (candidate) {
      return keyOf(candidate) === key;
    });
    if (!form) return;
    fieldsOf(form).forEach(function (field) {
      if (Object.prototype.hasOwnProperty.call(draft.values, field.name)) {
        field.value = draft.values[field.name];
      }
    });
    keep(form); // now this session's, in case it is interrupted again
    restored = restored || form;
  });

  forms.forEach(function (form) {
    if (keyOf(form) === sent) keep(form);
  });

  if (restored) {
    var notice = document.getElementById("draft-restored");
    var text = notice.textContent;
    restored.parentNode.insertBefore(notice, restored);
    notice.hidden = false;
    // Written after it is shown, so screen readers announce it.
    notice.textContent = "";
    window.setTimeout(function () {
      notice.textContent = text;
    }, 100);
  }

  forms.forEach(function (form) {
    form.addEventListener("input", function () {
      keep(form);
    });
    form.addEventListener("submit", function () {
      // Sent while the session lasts: done with. Sent after it ended, the server
      // asks to sign in first, and the draft is what is left of the work.
      if (Date.now() < deadline()) {
        store.removeItem(keyOf(form));
        store.setItem(SENT, keyOf(form));
      }
    });
  });

  // Choosing to sign out (the menu's button, or the dialog's): nothing is kept.
  document.addEventListener("submit", function (event) {
    if (!isSignOut(event.target)) return;
    storedKeys().forEach(store.removeItem.bind(store));
    store.removeItem(SENT);
  });
})();
