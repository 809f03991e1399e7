// The camera scanner: a live preview with a framing guide, decoded by the
// browser's BarcodeDetector where it exists (Chrome on Android, macOS),
// otherwise by the service: the part of the picture inside the guide, as a
// downscaled JPEG, a few frames a second, one request at a time.
import { call } from "./api.js";

const detectEveryMs = 150;   // BarcodeDetector runs on the phone: cheap
const uploadEveryMs = 300;   // pause between uploads: about 3 frames a second
const uploadLongSide = 960;  // pixels; the service accepts up to 4096
const jpegQuality = 0.75;

// CameraError carries what to tell the user when there is no picture.
export class CameraError extends Error {
  constructor(kind, message) { super(message); this.kind = kind; }
}

function cameraError(err) {
  switch (err && err.name) {
    case "NotAllowedError":
    case "SecurityError":
    case "PermissionDeniedError":
      return new CameraError("denied",
        "Camera permission is blocked for this page. Allow the camera in the browser's site settings (the icon left of the address), then tap Scan again — or type the code, or use a handheld scanner, below.");
    case "NotFoundError":
    case "DevicesNotFoundError":
    case "OverconstrainedError":
      return new CameraError("none", "No camera found on this device. Type the code, or use a handheld scanner, below.");
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError":
      return new CameraError("busy", "The camera is in use by another app. Close it and tap Scan again, or type the code below.");
  }
  return new CameraError("failed", "The camera could not be started. Type the code, or use a handheld scanner, below.");
}

async function detector() {
  if (!("BarcodeDetector" in window)) return null;
  try {
    const have = await window.BarcodeDetector.getSupportedFormats();
    const formats = ["qr_code", "data_matrix", "code_128"].filter((f) => have.includes(f));
    return formats.length ? new window.BarcodeDetector({ formats }) : null;
  } catch {
    return null;
  }
}

// Scanner drives the camera dialog's <video> and guide.
export class Scanner {
  constructor(video, guide, torchButton) {
    this.video = video;
    this.guide = guide;
    this.torchButton = torchButton;
    this.stream = null;
    this.running = false;
    this.canvas = document.createElement("canvas");
    torchButton.addEventListener("click", () => this.toggleTorch());
  }

  // scan opens the camera and resolves with the first code's text, or null
  // when stopped. It rejects with a CameraError when there is no picture.
  async scan(onStatus) {
    if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw new CameraError("insecure", "The camera works only on a secure page: open this page at its https:// address. You can type the code, or use a handheld scanner, below.");
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (err) {
      throw cameraError(err);
    }
    this.video.srcObject = this.stream;
    await this.video.play().catch(() => {});
    this.showTorch();
    this.running = true;
    const det = await detector();
    onStatus(det ? "Hold the code inside the frame." : "Hold the code inside the frame. Reading…");
    return new Promise((resolve) => {
      this.finish = resolve;
      this.loop(det, onStatus);
    });
  }

  stop() {
    this.running = false;
    if (this.stream) this.stream.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.video.srcObject = null;
    this.guide.classList.remove("hit");
    this.torchButton.hidden = true;
    this.torchButton.setAttribute("aria-pressed", "false");
    const f = this.finish;
    this.finish = null;
    if (f) f(null);
  }

  async loop(det, onStatus) {
    let failures = 0;
    while (this.running) {
      let text = null;
      try {
        text = det ? await this.detectLocal(det) : await this.detectRemote();
        failures = 0;
      } catch (err) {
        failures++;
        if (failures === 3) onStatus("The service does not answer; still trying. You can also type the code.");
      }
      if (!this.running) return;
      if (text) {
        this.guide.classList.add("hit");
        if (navigator.vibrate) navigator.vibrate(40);
        const f = this.finish;
        this.finish = null;
        this.stop();
        if (f) f(text);
        return;
      }
      await new Promise((r) => setTimeout(r, det ? detectEveryMs : uploadEveryMs));
    }
  }

  async detectLocal(det) {
    if (this.video.readyState < 2) return null;
    const codes = await det.detect(this.video);
    return codes.length ? codes[0].rawValue : null;
  }

  // cropRect maps the guide (in CSS pixels of the element, object-fit:
  // cover) to the video's own pixels, with a margin around it.
  cropRect() {
    const v = this.video, vw = v.videoWidth, vh = v.videoHeight;
    const box = v.getBoundingClientRect(), g = this.guide.getBoundingClientRect();
    if (!vw || !vh || !box.width || !box.height) return null;
    const scale = Math.max(box.width / vw, box.height / vh);
    const offX = (vw - box.width / scale) / 2, offY = (vh - box.height / scale) / 2;
    const mx = g.width * 0.1, my = g.height * 0.1;
    let x = offX + (g.left - box.left - mx) / scale, y = offY + (g.top - box.top - my) / scale;
    let w = (g.width + 2 * mx) / scale, h = (g.height + 2 * my) / scale;
    x = Math.max(0, x); y = Math.max(0, y);
    w = Math.min(vw - x, w); h = Math.min(vh - y, h);
    return w > 16 && h > 16 ? { x, y, w, h } : { x: 0, y: 0, w: vw, h: vh };
  }

  async detectRemote() {
    if (this.video.readyState < 2) return null;
    const r = this.cropRect();
    if (!r) return null;
    const k = Math.min(1, uploadLongSide / Math.max(r.w, r.h));
    this.canvas.width = Math.round(r.w * k);
    this.canvas.height = Math.round(r.h * k);
    this.canvas.getContext("2d").drawImage(this.video, r.x, r.y, r.w, r.h, 0, 0, this.canvas.width, this.canvas.height);
    const blob = await new Promise((res) => this.canvas.toBlob(res, "image/jpeg", jpegQuality));
    if (!blob || !this.running) return null;
    const { data } = await call("POST", "/api/v1/scans/frame", blob, { timeoutMs: 8000 });
    return data && data.found ? data.text : null;
  }

  showTorch() {
    const track = this.stream && this.stream.getVideoTracks()[0];
    const caps = track && track.getCapabilities ? track.getCapabilities() : {};
    this.torchButton.hidden = !caps.torch;
  }

  async toggleTorch() {
    const track = this.stream && this.stream.getVideoTracks()[0];
    if (!track) return;
    const on = this.torchButton.getAttribute("aria-pressed") !== "true";
    try {
      await track.applyConstraints({ advanced: [{ torch: on }] });
      this.torchButton.setAttribute("aria-pressed", String(on));
    } catch {
      this.torchButton.hidden = true;
    }
  }
}
