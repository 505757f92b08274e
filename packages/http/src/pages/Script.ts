/**
 * The hosted page's script: plain browser JavaScript, no framework, no build step. It takes the
 * client secret from the URL fragment (which never reaches a server), removes it from the address
 * bar, reads the session through the client routes of the API, and pays with `fetch`. Amounts
 * arrive formatted from the server (the core's `Money.format`), so no currency rules live here.
 *
 * It is the body of a function of `MESSAGES` (every language's strings, see Assets.ts). Written
 * without template literals so that it can sit inside this one.
 */
export const SCRIPT_BODY = String.raw`
"use strict";
var $ = function (id) { return document.getElementById(id); };

var BRAND_NAMES = {
  visa: "Visa", mastercard: "Mastercard", amex: "American Express", discover: "Discover",
  diners: "Diners Club", jcb: "JCB", unionpay: "UnionPay"
};
/* Valid lengths per brand; the first is the usual one, at which the number is checked as it is typed. */
var LENGTHS = {
  visa: [16, 13, 19], mastercard: [16], amex: [15], discover: [16, 19], diners: [14, 16, 19], jcb: [16, 17, 18, 19],
  unionpay: [16, 17, 18, 19], unknown: [16, 12, 13, 14, 15, 17, 18, 19]
};

/* Till may live under a path (TILL_PUBLIC_URL): the API is wherever this page's "/c/pay/" starts. */
var pathMatch = /^(.*)\/c\/pay\/([^/]+)\/?$/.exec(location.pathname);
var root = pathMatch ? pathMatch[1] : "";
var sessionId = "";
try { sessionId = pathMatch ? decodeURIComponent(pathMatch[2]) : ""; } catch (e) { sessionId = ""; }
var apiBase = root + "/v1/checkout/sessions/" + encodeURIComponent(sessionId);
var storageKey = "till.checkout." + sessionId;

var t = MESSAGES[document.documentElement.lang] || MESSAGES.en;
var secret = "";
var session = null;
var display = null;
var busy = false;

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (whole, name) {
    return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
  });
}
function text(key, values) {
  var own = Object.prototype.hasOwnProperty;
  return fill(own.call(t, key) ? t[key] : own.call(MESSAGES.en, key) ? MESSAGES.en[key] : key, values);
}
function has(key) { return Object.prototype.hasOwnProperty.call(t, key); }

function applyLanguage(language) {
  t = MESSAGES[language] || MESSAGES.en;
  document.documentElement.lang = MESSAGES[language] ? language : "en";
  document.title = text("page.title");
  var labelled = document.querySelectorAll("[data-i18n]");
  for (var i = 0; i < labelled.length; i++) labelled[i].textContent = text(labelled[i].getAttribute("data-i18n"));
  var placeholders = document.querySelectorAll("[data-i18n-placeholder]");
  for (var j = 0; j < placeholders.length; j++) placeholders[j].placeholder = text(placeholders[j].getAttribute("data-i18n-placeholder"));
}

/* The secret rides in the fragment once; it is kept for this tab only, so a reload still works. */
function takeSecret() {
  var found = "";
  if (location.hash.length > 1) {
    try { found = decodeURIComponent(location.hash.slice(1)); } catch (e) { found = ""; }
    history.replaceState(history.state, "", location.pathname + location.search);
    try { sessionStorage.setItem(storageKey, found); } catch (e) { /* storage off: this load still works */ }
  } else {
    try { found = sessionStorage.getItem(storageKey) || ""; } catch (e) { found = ""; }
  }
  return sessionId !== "" && found.indexOf(sessionId + "_secret_") === 0 ? found : "";
}
function forgetSecret() {
  try { sessionStorage.removeItem(storageKey); } catch (e) { /* nothing stored */ }
}

function api(method, path, body) {
  var headers = { authorization: "Bearer " + secret, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
  return fetch(path, { method: method, headers: headers, body: body, cache: "no-store", credentials: "omit", redirect: "error" })
    .then(function (response) {
      return response.json().catch(function () { return null; }).then(function (json) {
        return { status: response.status, json: json };
      });
    });
}

function el(tag, className, content) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.textContent = content;
  return node;
}

function show(section) {
  ["loading", "checkout", "state"].forEach(function (id) { $(id).hidden = id !== section; });
  $("main").setAttribute("aria-busy", section === "loading" ? "true" : "false");
}

function safeUrl(url) {
  try {
    var parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch (e) {
    return null;
  }
}
function successUrl() {
  if (!session || !session.success_url) return null;
  var id = encodeURIComponent(sessionId);
  return safeUrl(session.success_url.split("{CHECKOUT_SESSION_ID}").join(id).replace(/%7BCHECKOUT_SESSION_ID%7D/gi, id));
}
function cancelUrl() {
  return session && session.cancel_url ? safeUrl(session.cancel_url) : null;
}

function showState(titleKey, body, link) {
  $("state-title").textContent = text(titleKey);
  $("state-body").textContent = body;
  var anchor = $("state-link");
  if (link && link.href) {
    anchor.href = link.href;
    anchor.textContent = text(link.label);
    anchor.hidden = false;
  } else {
    anchor.hidden = true;
    anchor.removeAttribute("href");
  }
  show("state");
  $("state-title").focus();
}
function showLoadError() {
  showState("state.errorTitle", text("state.errorBody"), { href: location.pathname, label: "state.retry" });
}

function load() {
  show("loading");
  secret = takeSecret();
  if (secret === "") return showState("state.incompleteTitle", text("state.incompleteBody"));
  return Promise.all([
    api("GET", apiBase + "?expand%5B%5D=line_items"),
    api("GET", apiBase + "/payment_methods"),
    api("GET", root + "/c/pay/" + encodeURIComponent(sessionId) + "/display")
  ]).then(function (replies) {
    for (var i = 0; i < replies.length; i++) {
      var status = replies[i].status;
      if (status === 404) return showState("state.unknownTitle", text("state.unknownBody"));
      if (status === 401) {
        forgetSecret();
        return showState("state.invalidTitle", text("state.invalidBody"));
      }
      if (status !== 200 || !replies[i].json) return showLoadError();
    }
    session = replies[0].json;
    display = replies[2].json;
    applyLanguage(display.language);
    render(replies[1].json);
  }, showLoadError);
}

function option(value, label) {
  var node = el("option", "", label);
  node.value = value;
  return node;
}
function planLabel(plan) {
  if (!plan.rate) return text("form.planFree", { count: plan.count });
  var rate = new Intl.NumberFormat(display.locale, { style: "percent", maximumFractionDigits: 2 }).format(plan.rate / 100);
  return text("form.planRate", { count: plan.count, rate: rate });
}

function render(methods) {
  if (session.status === "complete") {
    var back = successUrl();
    return showState("state.completeTitle", text("state.completeBody"), back ? { href: back, label: "state.back" } : null);
  }
  if (session.status === "expired") {
    var cancel = cancelUrl();
    return showState("state.expiredTitle", text("state.expiredBody"), cancel ? { href: cancel, label: "state.back" } : null);
  }
  $("test-mode").hidden = session.livemode;
  var list = $("items");
  list.replaceChildren();
  display.line_items.forEach(function (line) {
    var item = el("li", "item");
    var info = el("div", "item-info");
    info.append(el("span", "item-name", line.name));
    if (line.description) info.append(el("span", "item-description", line.description));
    if (line.quantity > 1) {
      info.append(el("span", "item-meta", text("summary.quantity", { quantity: line.quantity }) + " · " + text("summary.each", { amount: line.unit_amount })));
    }
    item.append(info, el("span", "item-amount", line.amount_total));
    list.append(item);
  });
  $("total").textContent = display.amount_total;
  $("pay").textContent = text("form.pay", { amount: display.amount_total });

  var card = (methods.data || []).filter(function (m) { return m.type === "card"; })[0];
  var plans = card && card.card.installments.enabled ? card.card.installments.plans : [];
  var select = $("installments");
  select.replaceChildren(option("", text("form.payInFull")));
  plans.forEach(function (plan) { select.append(option(String(plan.count), planLabel(plan))); });
  $("installments-field").hidden = plans.length === 0;

  var cancelHref = cancelUrl();
  var cancelLink = $("cancel");
  cancelLink.hidden = !cancelHref;
  if (cancelHref) cancelLink.href = cancelHref;
  show("checkout");
}

/* ---- the card form ---- */

var number = $("number");
var expiry = $("expiry");
var cvc = $("cvc");
var holder = $("name");

function digits(value) { return value.replace(/\D/g, ""); }

function brandOf(d) {
  var n2 = Number(d.slice(0, 2));
  var n4 = Number(d.slice(0, 4));
  if (d.charAt(0) === "4") return "visa";
  if ((n2 >= 51 && n2 <= 55) || (d.length >= 4 && n4 >= 2221 && n4 <= 2720)) return "mastercard";
  if (n2 === 34 || n2 === 37) return "amex";
  if (d.indexOf("6011") === 0 || d.indexOf("65") === 0 || (d.length >= 4 && n4 >= 6440 && n4 <= 6499)) return "discover";
  if (d.length >= 4 && n4 >= 3528 && n4 <= 3589) return "jcb";
  if (n2 === 36 || n2 === 38 || (d.length >= 4 && n4 >= 3000 && n4 <= 3059)) return "diners";
  if (n2 === 62) return "unionpay";
  return "unknown";
}
function lengthsOf(brand) { return LENGTHS[brand] || [16]; }
function luhn(d) {
  var sum = 0;
  for (var i = 0; i < d.length; i++) {
    var n = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) { n *= 2; if (n > 9) n -= 9; }
    sum += n;
  }
  return d.length > 0 && sum % 10 === 0;
}
function groupNumber(d, brand) {
  if (brand === "amex") return [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)].filter(Boolean).join(" ");
  return (d.match(/.{1,4}/g) || []).join(" ");
}

function setError(input, key) {
  $(input.id + "-error").textContent = key ? text(key) : "";
  input.setAttribute("aria-invalid", key ? "true" : "false");
}

function numberError() {
  var d = digits(number.value);
  if (d === "") return "error.numberMissing";
  var lengths = lengthsOf(brandOf(d));
  if (d.length < Math.min.apply(null, lengths)) return "error.numberIncomplete";
  if (lengths.indexOf(d.length) < 0 || !luhn(d)) return "error.numberInvalid";
  return null;
}
function parseExpiry(value) {
  var compact = value.replace(/\s/g, "");
  var m = /^(\d{1,2})\/(\d{2}|\d{4})$/.exec(compact) || /^(\d{2})(\d{2}|\d{4})$/.exec(compact);
  if (!m) return null;
  var month = Number(m[1]);
  var year = Number(m[2]);
  if (year < 100) year += 2000;
  return month >= 1 && month <= 12 ? { month: month, year: year } : null;
}
function expiryError() {
  if (expiry.value.trim() === "") return "error.expiryMissing";
  var parsed = parseExpiry(expiry.value);
  if (!parsed) return "error.expiryInvalid";
  var now = new Date();
  var year = now.getFullYear();
  var month = now.getMonth() + 1;
  if (parsed.year < year || (parsed.year === year && parsed.month < month)) return "error.expiryPast";
  if (parsed.year > year + 50) return "error.expiryInvalid";
  return null;
}
function cvcError() {
  var expected = brandOf(digits(number.value)) === "amex" ? 4 : 3;
  return digits(cvc.value).length === expected ? null : "error.cvcInvalid";
}
function nameError() { return holder.value.trim() === "" ? "error.nameMissing" : null; }

number.addEventListener("input", function () {
  var before = number.value;
  var caret = number.selectionStart === null ? before.length : number.selectionStart;
  var digitsBeforeCaret = digits(before.slice(0, caret)).length;
  var d = digits(before);
  var brand = brandOf(d);
  var lengths = lengthsOf(brand);
  d = d.slice(0, Math.max.apply(null, lengths));
  var formatted = groupNumber(d, brand);
  if (formatted !== before) {
    number.value = formatted;
    var position = 0;
    for (var seen = 0; position < formatted.length && seen < digitsBeforeCaret; position++) {
      if (formatted.charAt(position) !== " ") seen++;
    }
    if (document.activeElement === number) number.setSelectionRange(position, position);
  }
  var brandName = d.length > 0 && BRAND_NAMES[brand] ? BRAND_NAMES[brand] : "";
  $("number-brand").textContent = brandName;
  cvc.maxLength = brand === "amex" ? 4 : 3;
  /* Checked live once the usual length is reached; while the customer is still typing, no error nags. */
  if (d.length >= lengths[0]) setError(number, numberError());
  else if (number.getAttribute("aria-invalid") === "true") setError(number, null);
});
/*
 * A field is checked when the customer leaves it. While a pointer is down the check waits for it to
 * come up: an error appearing on mousedown would push the pay button away before the click lands.
 */
var pointerDown = false;
var pendingChecks = [];
document.addEventListener("pointerdown", function () { pointerDown = true; }, true);
document.addEventListener("pointerup", function () {
  setTimeout(function () {
    pointerDown = false;
    var due = pendingChecks;
    pendingChecks = [];
    due.forEach(function (check) { check(); });
  }, 0);
}, true);
function checkOnLeave(input, error, onlyIfMarked) {
  input.addEventListener("blur", function () {
    var check = function () {
      if (input.value === "" || (onlyIfMarked && input.getAttribute("aria-invalid") !== "true")) return;
      setError(input, error());
    };
    if (pointerDown) pendingChecks.push(check);
    else check();
  });
}
checkOnLeave(number, numberError, false);

expiry.addEventListener("input", function (event) {
  if (event.inputType && event.inputType.indexOf("delete") === 0) return;
  var value = expiry.value;
  var single = /^(\d)\s*\/$/.exec(value);
  if (single) { expiry.value = "0" + single[1] + " / "; return; }
  if (/[^\d\s/]/.test(value) || value.indexOf("/") >= 0) return;
  var d = digits(value).slice(0, 4);
  expiry.value = d.length >= 2 ? d.slice(0, 2) + " / " + d.slice(2) : d;
});
checkOnLeave(expiry, expiryError, false);

cvc.addEventListener("input", function () {
  var d = digits(cvc.value).slice(0, cvc.maxLength > 0 ? cvc.maxLength : 4);
  if (d !== cvc.value) cvc.value = d;
  if (cvc.getAttribute("aria-invalid") === "true" && !cvcError()) setError(cvc, null);
});
checkOnLeave(cvc, cvcError, false);
checkOnLeave(holder, nameError, true);

function showAlert(message) {
  var alert = $("form-alert");
  alert.textContent = message;
  alert.hidden = false;
}
function hideAlert() {
  $("form-alert").hidden = true;
  $("form-alert").textContent = "";
}
function setBusy(value) {
  busy = value;
  var pay = $("pay");
  pay.disabled = value;
  pay.textContent = value ? text("form.processing") : text("form.pay", { amount: display.amount_total });
  $("pay-form").setAttribute("aria-busy", value ? "true" : "false");
  $("pay-status").textContent = value ? text("form.processing") : "";
}

function declineMessage(error) {
  if (error.decline_code && has("decline." + error.decline_code)) return text("decline." + error.decline_code);
  if (error.code && has("decline." + error.code)) return text("decline." + error.code);
  return text(error.type === "card_error" ? "decline.card_declined" : "decline.other");
}
/* A parameter the server refused, as the field the customer can fix. */
function fieldOf(param) {
  if (!param) return null;
  if (param.indexOf("[number]") >= 0) return [number, "error.numberInvalid"];
  if (param.indexOf("[exp_") >= 0) return [expiry, "error.expiryInvalid"];
  if (param.indexOf("[cvc]") >= 0) return [cvc, "error.cvcInvalid"];
  if (param.indexOf("[name]") >= 0) return [holder, "error.nameMissing"];
  return null;
}

function succeeded() {
  var next = successUrl();
  if (next) {
    showState("state.successTitle", text("state.redirecting"));
    location.replace(next);
  } else {
    showState("state.successTitle", text("state.successBody", { amount: display.amount_total }));
  }
}

$("pay-form").addEventListener("submit", function (event) {
  event.preventDefault();
  if (busy || !session) return;
  hideAlert();
  var checks = [[number, numberError()], [expiry, expiryError()], [cvc, cvcError()], [holder, nameError()]];
  var first = null;
  checks.forEach(function (check) {
    setError(check[0], check[1]);
    if (check[1] && !first) first = check[0];
  });
  if (first) { first.focus(); return; }
  var exp = parseExpiry(expiry.value);
  var body = new URLSearchParams();
  body.set("payment_method_data[type]", "card");
  body.set("payment_method_data[card][number]", digits(number.value));
  body.set("payment_method_data[card][exp_month]", String(exp.month));
  body.set("payment_method_data[card][exp_year]", String(exp.year));
  body.set("payment_method_data[card][cvc]", digits(cvc.value));
  body.set("payment_method_data[billing_details][name]", holder.value.trim().slice(0, 200));
  if ($("installments").value !== "") body.set("installments[count]", $("installments").value);
  setBusy(true);
  api("POST", apiBase + "/payments", body.toString()).then(function (reply) {
    if (reply.status === 200 && reply.json && reply.json.status === "succeeded") return succeeded();
    setBusy(false);
    var error = (reply.json && reply.json.error) || {};
    if (reply.status === 401) {
      forgetSecret();
      return showState("state.invalidTitle", text("state.invalidBody"));
    }
    if (reply.status === 404) return showState("state.unknownTitle", text("state.unknownBody"));
    if (error.code === "checkout_session_not_open") return load();
    // no attempt can ever succeed (live mode with no processor configured): say so, never "try again"
    if (error.code === "livemode_unsupported") return showState("state.unavailableTitle", text("state.unavailableBody"));
    var field = reply.status === 400 ? fieldOf(error.param) : null;
    if (field) {
      setError(field[0], field[1]);
      field[0].focus();
      return;
    }
    showAlert(declineMessage(error));
    number.focus();
  }, function () {
    setBusy(false);
    showAlert(text("decline.network"));
  });
});

load();
`
