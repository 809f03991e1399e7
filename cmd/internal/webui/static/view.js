// DOM building for the page. Every value from a scan or from the service
// goes in as a text node (textContent), never as HTML.

// h builds an element: props are attributes (class, data-*, aria-*) or
// event handlers (onclick); children are nodes or strings.
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function short(hash) { return (hash || "").slice(0, 12); }

export function when(at) {
  const d = new Date(at);
  return isNaN(d) ? String(at || "") : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

// identityLines shows an identity as the key=value lines the device prints.
export function identityLines(identity) {
  return h("div", { class: "kv" }, (identity || []).map((a) => h("div", null, `${a.key}=${a.value}`)));
}

export function deviceView(dev) {
  return h("div", null,
    h("div", null, "Module ", h("span", { class: "hash", title: dev.identity_sha256 }, short(dev.identity_sha256))),
    identityLines(dev.identity));
}

export function productView(p) {
  return h("div", null,
    h("div", { class: "serial" }, p.product),
    p.gtin ? h("div", { class: "small" }, `GTIN ${p.gtin}`) : null);
}

// bindingLine names a binding in one sentence.
export function bindingLine(b) {
  if (!b) return "";
  const dev = b.device || {};
  const attrs = (dev.identity || []).map((a) => `${a.key}=${a.value}`).join(", ");
  let s = `Product ${b.product} is bound to module ${short(dev.identity_sha256)}`;
  if (attrs) s += ` (${attrs})`;
  if (b.bound_by || b.bound_at) s += ` — by ${b.bound_by || "?"}, ${when(b.bound_at)}`;
  return s + ".";
}

// renderResult fills a result box from a descriptor {cls, title, lines,
// next, actions}; descriptors are plain data, so they survive a reload.
export function renderResult(box, r, actions) {
  box.replaceChildren();
  box.className = "result";
  if (!r) return;
  box.classList.add(r.cls);
  box.append(h("h3", null, r.title));
  for (const line of r.lines || []) box.append(h("p", null, line));
  if (r.next) box.append(h("p", { class: "next" }, r.next));
  for (const a of r.actions || []) {
    if (actions && actions[a.id]) box.append(h("button", { type: "button", class: a.cls || "secondary", "data-action": a.id, onclick: actions[a.id] }, a.label));
  }
}

export function findView(box, data) {
  box.replaceChildren();
  box.className = "result info";
  const b = data.binding;
  box.append(h("h3", null, b ? "Bound" : "Not bound now"));
  if (b) {
    box.append(h("p", { class: "serial" }, b.product));
    if (b.gtin) box.append(h("p", null, `GTIN ${b.gtin}`));
    box.append(deviceView(b.device || {}));
    box.append(h("p", null, `Bound by ${b.bound_by || "?"}, ${when(b.bound_at)}`));
  }
  const hist = data.history || [];
  box.append(h("h3", null, "History"));
  if (!hist.length) box.append(h("p", null, "No events."));
  else box.append(h("ol", { class: "events" }, hist.map((e) => h("li", null,
    h("div", null, h("strong", null, e.event), ` · ${when(e.at)} · by ${e.by || "?"}`),
    h("div", null, `Product ${e.product} · module `, h("span", { class: "hash" }, short(e.device && e.device.identity_sha256))),
    e.reason ? h("div", null, `Reason: ${e.reason}`) : null))));
  const rep = data.replication || [];
  box.append(h("h3", null, "Replication"));
  if (!rep.length) box.append(h("p", null, "Nothing to replicate."));
  else box.append(h("ol", { class: "events" }, rep.map((r) => h("li", null,
    h("div", null, h("span", { class: `state-${r.state}` }, stateWord(r.state)), ` to ${r.target}`),
    h("div", null, `${r.attempts ?? 0} ${r.attempts === 1 ? "attempt" : "attempts"}`,
      r.state === "pending" && r.next_attempt ? ` · next ${when(r.next_attempt)}` : ""),
    r.last_error ? h("div", null, `Last error: ${r.last_error}`) : null))));
}

function stateWord(s) {
  switch (s) {
    case "delivered": return "✓ delivered";
    case "pending": return "… pending";
    case "failed": return "✗ failed";
  }
  return String(s);
}
