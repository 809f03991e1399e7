// The service's JSON API (docs/api.md): same origin, the session cookie,
// the CSRF token on every POST. Nothing secret ever goes into a URL.

let csrfToken = "";

export function setCSRF(token) { csrfToken = token || ""; }

// ApiError is a reply the service gave: status, its stable code, message,
// and for a conflict the binding that blocks.
export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `the service answered ${status}`);
    this.status = status;
    this.code = e.code || "internal";
    this.binding = e.binding || null;
  }
  // retryable: the same request may succeed later without any change.
  get retryable() { return this.status >= 500 || this.status === 429 || this.status === 408; }
}

// NetworkError is no reply at all: offline, connection cut, timeout. The
// request may or may not have reached the service.
export class NetworkError extends Error {}

const timeoutMs = 15000;

// call sends one request and returns {status, data} for a 2xx reply; it
// throws ApiError for an error reply and NetworkError for none.
export async function call(method, path, body, opts = {}) {
  const headers = { "Accept": "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken;
  if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
  let payload;
  if (body instanceof Blob) {
    payload = body;
    headers["Content-Type"] = body.type;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["Content-Type"] = "application/json";
  }
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), opts.timeoutMs || timeoutMs);
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: "same-origin", cache: "no-store", signal: ctl.signal });
  } catch (err) {
    throw new NetworkError(err && err.name === "AbortError" ? "No answer from the service" : "No connection to the service");
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  const text = await res.text().catch(() => "");
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return { status: res.status, data };
}

// newKey is an idempotency key: a random UUID (crypto.randomUUID needs a
// secure context, which the camera needs anyway; the fallback is for older
// Safari).
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
