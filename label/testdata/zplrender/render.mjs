// Renders ZPL files to PNG with zpl-renderer-js (the zebrash renderer
// compiled to WebAssembly), independently of hwident's own rasteriser.
// Starting node and the WebAssembly module takes seconds, so one run
// renders many files.
// usage: node render.mjs IN.zpl OUT.png WIDTH_MM HEIGHT_MM DOTS_PER_MM [IN OUT W H D]...
import { readFileSync, writeFileSync } from "node:fs";
import { ready } from "zpl-renderer-js";

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 5 !== 0) {
  console.error("usage: node render.mjs IN.zpl OUT.png WIDTH_MM HEIGHT_MM DOTS_PER_MM [...]");
  process.exit(2);
}
const { api } = await ready;
for (let i = 0; i < args.length; i += 5) {
  const [input, output, widthMm, heightMm, dpmm] = args.slice(i, i + 5);
  const png = await api.zplToBase64Async(readFileSync(input, "utf8"), Number(widthMm), Number(heightMm), Number(dpmm));
  writeFileSync(output, Buffer.from(png, "base64"));
}
