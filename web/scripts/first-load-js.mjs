// First-load JavaScript per route of the static export: the scripts each page's HTML loads, gzipped.
// `make web` first; run as `node scripts/first-load-js.mjs` (make bench does). Prints a table.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const out = new URL("../out/", import.meta.url).pathname;

function pages(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === "_next" ? [] : pages(path);
    return name === "index.html" ? [path] : [];
  });
}

const rows = pages(out).map((page) => {
  const html = readFileSync(page, "utf8");
  // every script a current browser loads: `noModule` polyfills are for browsers without modules
  const tags = [...html.matchAll(/<script[^>]*src="([^"]+)"[^>]*>/g)].filter((m) => !/noModule/i.test(m[0]));
  const scripts = [...new Set(tags.map((m) => m[1]))];
  const bytes = scripts.reduce((sum, src) => sum + gzipSync(readFileSync(join(out, src.split("?")[0]))).length, 0);
  return { route: "/" + relative(out, page).replace(/index\.html$/, ""), scripts: scripts.length, kb: bytes / 1024 };
}).sort((a, b) => a.route.localeCompare(b.route));

console.log("route                      scripts  first-load JS (gzip)");
for (const row of rows) console.log(`${row.route.padEnd(26)} ${String(row.scripts).padStart(7)}  ${row.kb.toFixed(1).padStart(8)} KB`);
console.log(`largest: ${Math.max(...rows.map((r) => r.kb)).toFixed(1)} KB (aim: at most 150 KB)`);
