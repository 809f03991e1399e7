// hwident installer page: sign in, scan a module label and a product
// serial, confirm; supervisors also replace and unbind; everyone finds.
//
// A pair is never lost or doubled: the request is kept in sessionStorage
// with its Idempotency-Key until the service answers 2xx, retried with the
// same key after any failure that may not have reached it, and "Saved" is
// shown only after that 2xx. A reload keeps half pairs and unsent requests.
import { call, setCSRF, newKey, ApiError, NetworkError } from "./api.js";
import { Scanner, CameraError } from "./camera.js";
import { h, deviceView, productView, bindingLine, renderResult, findView, short } from "./view.js";

const storeKey = "hwident.installer.v1";
const $ = (id) => document.getElementById(id);

// state is everything a reload must keep. Slots hold the raw scan text
// (what is sent) and what the service classified it as (what is shown).
let state = load();
let me = null;            // {user, role}
let sending = false;
let wake = null;          // ends the retry wait early (online event, Retry now)
let usedKeyboard = false; // a handheld scanner is in use: move focus along

function fresh() {
  return {
    tab: "bind",
    bind: { device: null, product: null },
    replace: { product: null, device: null, reason: "" },
    unbind: { product: null, reason: "" },
    pending: null,   // {op, tab, path, body, key, attempts}
    results: {},     // tab -> result descriptor
  };
}

function load() {
  try {
    const s = JSON.parse(sessionStorage.getItem(storeKey));
    if (s && s.bind) return Object.assign(fresh(), s);
  } catch { /* a broken entry is a fresh start */ }
  return fresh();
}

function save() {
  try { sessionStorage.setItem(storeKey, JSON.stringify(state)); } catch { /* private mode: memory only */ }
}

function vibrate(pattern) { if (navigator.vibrate) navigator.vibrate(pattern); }
const okBuzz = [60], badBuzz = [120, 60, 120];

// ---- slots: one scan field (camera, typed, handheld scanner) each -------

const slots = {};

// A slot is a step whose value is one classified scan.
function makeSlot(el, tab, name) {
  el.append(document.getElementById("scanfield").content.cloneNode(true));
  const q = (sel) => el.querySelector(sel);
  q(".step-title").textContent = el.dataset.title;
  const entry = q(".entry");
  entry.id = `${el.id}-entry`;
  q(".typed label").htmlFor = entry.id;
  entry.setAttribute("aria-label", `${el.dataset.title}: type or scan ${el.dataset.what}`);
  const slot = {
    el, tab, name, entry,
    msg: (text) => { q(".field-msg").textContent = text || ""; },
    cameraProblem: (text) => { const p = q(".camera-problem"); p.textContent = text || ""; p.hidden = !text; },
  };
  q(".scan").addEventListener("click", () => { usedKeyboard = false; scanWithCamera(slot); });
  q(".typed").addEventListener("submit", (ev) => { ev.preventDefault(); takeTyped(slot); });
  // Handheld scanners end a scan with Enter (handled by the form) or Tab.
  entry.addEventListener("keydown", (ev) => {
    if (ev.key === "Tab" && !ev.shiftKey && entry.value.trim()) { ev.preventDefault(); takeTyped(slot); }
  });
  q(".change").addEventListener("click", () => { setSlot(tab, name, null); focusNext(tab); });
  slots[el.id] = slot;
  return slot;
}

// takeTyped takes what was typed. A refused scan stays in the field,
// selected: it can be corrected, and a handheld scanner's next scan
// replaces it instead of being appended to it.
async function takeTyped(slot) {
  usedKeyboard = true;
  const text = slot.entry.value;
  slot.entry.value = "";
  if (!(await accept(slot, text)) && !slot.entry.value) {
    slot.entry.value = text.trim();
    slot.entry.select();
  }
}

function slotFor(tab, name) {
  return Object.values(slots).find((s) => s.tab === tab && s.name === name);
}

function setSlot(tab, name, value) {
  state[tab][name] = value;
  delete state.results[tab];
  save();
  render();
}

function renderSlot(slot) {
  const value = slot.tab === "find" ? null : state[slot.tab][slot.name];
  const filled = slot.el.querySelector(".filled"), empty = slot.el.querySelector(".empty");
  filled.hidden = !value;
  empty.hidden = !!value;
  const box = filled.querySelector(".value");
  box.replaceChildren();
  if (value) box.append(h("div", { class: "mark" }, "✓ Scanned"), value.kind === "device" ? deviceView(value) : productView(value));
  filled.querySelector(".change").disabled = !!state.pending;
}

function focusNext(tab, force) {
  if (!force && !usedKeyboard && !matchMedia("(pointer: fine)").matches) return; // no phone keyboard popping up
  const next = Object.values(slots).find((s) => s.tab === tab && !(tab !== "find" && state[tab][s.name]));
  if (next) next.entry.focus();
  else if (tab === "bind") $("bind-confirm").focus();
}

// accept classifies one scan and puts it where it belongs: a module label
// goes to the module step and a serial to the product step whichever was
// scanned first, as at the station. It reports whether the scan was taken.
async function accept(slot, raw) {
  const text = (raw || "").trim();
  slot.msg("");
  if (!text) return true;
  if (slot.tab === "find") { find(text); return true; }
  let data;
  try {
    ({ data } = await call("POST", "/api/v1/scans/classify", { text }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) { signedOut(); return false; }
    slot.msg(err instanceof NetworkError ? "No connection to the service: check the network and scan again." : err.message);
    vibrate(badBuzz);
    return false;
  }
  const kind = data.kind === "device" ? "device" : "product";
  const target = slotFor(slot.tab, kind);
  if (!target) {
    slot.msg(kind === "device" ? "That is a module label: scan the product serial." : "That is a product serial: scan the module label.");
    vibrate(badBuzz);
    return false;
  }
  const value = kind === "device"
    ? { kind, text, identity: data.identity || [], identity_sha256: data.identity_sha256 || "" }
    : { kind, text, product: data.product || text, gtin: data.gtin || "" };
  setSlot(slot.tab, kind, value);
  if (target !== slot) target.msg("");
  vibrate(okBuzz);
  focusNext(slot.tab);
  return true;
}

// ---- camera -------------------------------------------------------------

let scanner = null;

async function scanWithCamera(slot) {
  slot.cameraProblem("");
  const dlg = $("camera");
  $("camera-title").textContent = `Scan ${slot.el.dataset.what}`;
  $("camera-msg").textContent = "Starting the camera…";
  dlg.hidden = false;
  $("camera-cancel").focus();
  scanner = scanner || new Scanner($("video"), $("guide"), $("torch"));
  let text = null;
  try {
    text = await scanner.scan((m) => { $("camera-msg").textContent = m; });
  } catch (err) {
    slot.cameraProblem(err instanceof CameraError ? err.message : "The camera could not be started.");
    vibrate(badBuzz);
  } finally {
    dlg.hidden = true;
  }
  if (text) accept(slot, text);
  else slot.el.querySelector(".scan").focus();
}

// ---- sending: kept until a 2xx ------------------------------------------

function startSend(op, tab, path, body) {
  if (state.pending) return;
  state.pending = { op, tab, path, body, key: newKey(), attempts: 0 };
  state.results[tab] = { cls: "warn", title: "Saving…", lines: ["Not saved yet: waiting for the service."] };
  save();
  render();
  runPending();
}

function retryDelay(attempts) {
  const base = Math.min(15000, 1000 * 2 ** Math.max(0, attempts - 1));
  return base / 2 + Math.random() * base / 2;
}

async function runPending() {
  if (sending || !state.pending || !me) return;
  sending = true;
  try {
    for (;;) {
      const p = state.pending;
      if (!p) return;
      p.attempts++;
      save();
      try {
        const { status, data } = await call("POST", p.path, p.body, { idempotencyKey: p.key });
        state.pending = null;
        saved(p, status, data || {});
        return;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) { signedOut(); return; }
        if (err instanceof ApiError && err.code === "csrf" && !p.csrfRenewed) {
          p.csrfRenewed = true; // the session was renewed elsewhere: fetch its token once
          if (await refreshMe()) continue;
        }
        if (err instanceof NetworkError || err.retryable) {
          const wait = retryDelay(p.attempts);
          state.results[p.tab] = {
            cls: "warn", title: "Not saved yet — retrying",
            lines: [`${err.message} (attempt ${p.attempts}). The pair is kept and sent again in ${Math.ceil(wait / 1000)} s with the same request key, so it is never bound twice.`],
            actions: [{ id: "retry", label: "Retry now" }],
          };
          p.retrying = true;
          save();
          render();
          await new Promise((r) => { wake = r; setTimeout(r, wait); });
          wake = null;
          continue;
        }
        state.pending = null;
        refused(p, err);
        return;
      }
    }
  } finally {
    sending = false;
    save();
    render();
  }
}

function saved(p, status, data) {
  const b = data.binding, prev = data.previous;
  let r;
  if (p.op === "bind") {
    if (data.result === "already_bound" && p.attempts === 1) {
      r = { cls: "info", title: "ℹ Already bound — nothing changed", lines: [bindingLine(b)], next: "Scan the next module label." };
    } else {
      r = { cls: "ok", title: "✓ Saved — bound", lines: [bindingLine(b)], next: "Scan the next module label." };
      if (p.attempts > 1) r.lines.push("Confirmed by the service after a retry.");
    }
    state.bind = { device: null, product: null };
  } else if (p.op === "replace") {
    r = { cls: "ok", title: "✓ Saved — module replaced", lines: [bindingLine(b)] };
    if (prev) r.lines.push(`Previous module: ${short(prev.device && prev.device.identity_sha256)}.`);
    state.replace = { product: null, device: null, reason: "" };
  } else {
    r = { cls: "ok", title: "✓ Saved — unbound", lines: [prev ? `Product ${prev.product} is no longer bound (module ${short(prev.device && prev.device.identity_sha256)} is free).` : "Unbound."] };
    state.unbind = { product: null, reason: "" };
  }
  state.results[p.tab] = r;
  vibrate(okBuzz);
}

function refused(p, err) {
  const r = { cls: "bad", title: "✗ Not saved", lines: [err.message] };
  if (err.code === "conflict" && p.op === "bind") {
    const b = err.binding;
    const mine = state.bind.product && b && b.product === state.bind.product.product;
    r.title = "✗ Not bound — conflict";
    r.lines = [mine ? "This product is already bound to another module." : "This module is already bound to another product.", bindingLine(b)];
    if (isSupervisor()) {
      r.next = "If the module was swapped, replace it. Otherwise scan the right label.";
      r.actions = [{ id: "toReplace", label: "Replace module…", cls: "danger" }];
    } else {
      r.next = "If the module was swapped, ask a supervisor to replace it. Otherwise scan the right label.";
    }
  } else if (err.code === "conflict") {
    r.lines = [err.message, bindingLine(err.binding)];
    r.next = "Check the labels and scan again.";
  } else if (err.code === "forbidden") {
    r.next = "Your role may not do this: ask a supervisor.";
  }
  state.results[p.tab] = r;
  vibrate(badBuzz);
}

// ---- actions --------------------------------------------------------------

function isSupervisor() { return me && (me.role === "supervisor" || me.role === "admin"); }

function confirmBind() {
  const { device, product } = state.bind;
  if (device && product) startSend("bind", "bind", "/api/v1/bindings", { device: device.text, product: product.text });
}

function confirmReplace() {
  const { device, product } = state.replace;
  const reason = $("replace-reason").value.trim();
  if (!reason) { $("replace-reason").focus(); return; }
  if (device && product) startSend("replace", "replace", "/api/v1/bindings/replace", { product: product.text, device: device.text, reason });
}

function confirmUnbind() {
  const { product } = state.unbind;
  const reason = $("unbind-reason").value.trim();
  if (!reason) { $("unbind-reason").focus(); return; }
  if (product) startSend("unbind", "unbind", "/api/v1/bindings/unbind", { product: product.text, reason });
}

function toReplace() {
  state.replace = { product: state.bind.product, device: state.bind.device, reason: "" };
  state.bind = { device: null, product: null };
  delete state.results.bind;
  showTab("replace");
  $("replace-reason").focus();
}

function clearTab(tab) {
  if (state.pending) return;
  state[tab] = tab === "bind" ? { device: null, product: null } : tab === "replace" ? { product: null, device: null, reason: "" } : { product: null, reason: "" };
  delete state.results[tab];
  save();
  render();
  focusNext(tab);
}

async function find(text) {
  const box = $("find-result");
  renderResult(box, { cls: "warn", title: "Looking up…", lines: [text] });
  try {
    const { data } = await call("GET", `/api/v1/bindings/find?q=${encodeURIComponent(text)}`);
    findView(box, data || {});
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return signedOut();
    if (err instanceof ApiError && err.code === "not_found") {
      renderResult(box, { cls: "info", title: "Never bound", lines: [`Nothing in the ledger matches ${text}.`] });
    } else {
      renderResult(box, { cls: "bad", title: "✗ Lookup failed", lines: [err.message], next: "Try again." });
    }
  }
}

// ---- sign in ------------------------------------------------------------

async function refreshMe() {
  try {
    const { data } = await call("GET", "/api/v1/me");
    signedIn(data);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) signedOut();
    else $("loading").textContent = "The service does not answer: reload the page to try again.";
    return false;
  }
}

function signedIn(data) {
  me = { user: data.user, role: data.role };
  setCSRF(data.csrf_token);
  $("who").textContent = `${me.user} · ${me.role}`;
  render();
  runPending();
}

function signedOut(message) {
  me = null;
  setCSRF("");
  $("signin-msg").textContent = message || (state.pending ? "Your session ended. Sign in again: the pair is kept and sent after you sign in." : "");
  render();
  $("username").focus();
}

async function signIn(ev) {
  ev.preventDefault();
  const btn = $("signin-button");
  btn.disabled = true;
  $("signin-msg").textContent = "";
  try {
    const { data } = await call("POST", "/api/v1/login", { username: $("username").value.trim(), password: $("password").value });
    $("password").value = "";
    signedIn(data);
    focusNext(state.tab);
  } catch (err) {
    let msg = err.message;
    if (err instanceof ApiError && err.status === 401) msg = "Wrong user name or password.";
    else if (err instanceof ApiError && err.code === "rate_limited") msg = "Too many attempts: wait a minute, then try again.";
    $("signin-msg").textContent = msg;
    vibrate(badBuzz);
  } finally {
    btn.disabled = false;
  }
}

async function signOut() {
  if (state.pending) {
    state.results[state.pending.tab] = Object.assign({}, state.results[state.pending.tab], { next: "Wait until the pair is saved before signing out." });
    render();
    return;
  }
  try { await call("POST", "/api/v1/logout"); } catch { /* the session ends with the cookie either way */ }
  state = fresh();
  save();
  signedOut("Signed out.");
}

// ---- rendering ----------------------------------------------------------

function showTab(tab) {
  if ((tab === "replace" || tab === "unbind") && !isSupervisor()) tab = "bind";
  state.tab = tab;
  save();
  render();
}

const actions = {
  retry: () => { if (wake) wake(); },
  toReplace,
};

function render() {
  $("loading").hidden = true;
  $("signin").hidden = !!me;
  $("app").hidden = !me;
  $("who").hidden = $("signout").hidden = !me;
  if (!me) return;
  const sup = isSupervisor();
  document.querySelectorAll("[data-supervisor]").forEach((b) => { b.hidden = !sup; });
  if (!sup && (state.tab === "replace" || state.tab === "unbind")) state.tab = "bind";
  document.querySelectorAll(".tabs button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === state.tab)));
  for (const t of ["bind", "find", "replace", "unbind"]) $(`tab-${t}`).hidden = t !== state.tab;
  Object.values(slots).forEach(renderSlot);
  for (const t of ["bind", "replace", "unbind"]) renderResult($(`${t}-result`), state.results[t], actions);
  const busy = !!state.pending;
  const b = state.bind;
  $("bind-confirm").disabled = busy || !(b.device && b.product);
  $("bind-confirm").textContent = busy && state.pending.op === "bind" ? "Saving…" : b.product ? `Confirm: bind ${b.product.product}` : "Confirm";
  const bindDone = !b.device && !b.product && state.results.bind && state.results.bind.cls !== "bad" && !busy;
  $("bind-next").hidden = !bindDone;
  $("bind-confirm").hidden = bindDone;
  $("bind-clear").hidden = busy || !(b.device || b.product);
  const r = state.replace;
  $("replace-confirm").disabled = busy || !(r.device && r.product);
  $("replace-clear").hidden = busy || !(r.device || r.product);
  const u = state.unbind;
  $("unbind-confirm").disabled = busy || !u.product;
  $("unbind-clear").hidden = busy || !u.product;
  if (document.activeElement !== $("replace-reason")) $("replace-reason").value = r.reason || "";
  if (document.activeElement !== $("unbind-reason")) $("unbind-reason").value = u.reason || "";
  $("net").hidden = !(busy && state.pending.retrying);
}

function init() {
  document.querySelectorAll(".step[data-slot]").forEach((el) => {
    const [tab] = el.id.split("-");
    makeSlot(el, tab, el.dataset.slot);
  });
  document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
  $("signin-form").addEventListener("submit", signIn);
  $("signout").addEventListener("click", signOut);
  $("bind-confirm").addEventListener("click", confirmBind);
  $("bind-next").addEventListener("click", () => { delete state.results.bind; save(); render(); focusNext("bind", usedKeyboard); });
  $("bind-clear").addEventListener("click", () => clearTab("bind"));
  $("replace-confirm").addEventListener("click", confirmReplace);
  $("replace-clear").addEventListener("click", () => clearTab("replace"));
  $("unbind-confirm").addEventListener("click", confirmUnbind);
  $("unbind-clear").addEventListener("click", () => clearTab("unbind"));
  for (const t of ["replace", "unbind"]) {
    $(`${t}-reason`).addEventListener("input", (ev) => { state[t].reason = ev.target.value; save(); });
  }
  $("camera-cancel").addEventListener("click", () => scanner && scanner.stop());
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && !$("camera").hidden && scanner) scanner.stop(); });
  window.addEventListener("online", () => { if (wake) wake(); });
  refreshMe();
}

init();
