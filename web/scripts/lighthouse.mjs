// Lighthouse (mobile settings) on pages of a signed-in user: node scripts/lighthouse.mjs <web-url> <email> <password> <path>...
// Playwright logs in with Debian's chromium in a profile of its own and closes it; the Lighthouse CLI then
// audits each page with that profile, keeping its storage (the session). Prints one line per page.
// bench/web.py runs it.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";

const LIGHTHOUSE = "lighthouse@12.8.2"; // 13 needs Node.js 22; the machine has 20
const [base, email, password, ...paths] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const profile = mkdtempSync(join(tmpdir(), "lh-"));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
const page = await context.newPage();
await page.goto(`${base}/login/`);
await page.getByLabel("Email").fill(email);
await page.getByLabel("Kata sandi").fill(password);
await page.getByRole("button", { name: "Masuk" }).click();
await page.waitForURL(/dashboard/);
await context.close(); // the session stays in the profile's storage

console.log("page                                    performance  accessibility  FCP      LCP      TBT     CLS");
for (const path of paths) {
  const output = execFileSync("npx", ["--yes", LIGHTHOUSE, `${base}${path}`, "--disable-storage-reset",
    `--chrome-flags=--headless=new --no-sandbox --disable-gpu --user-data-dir=${profile}`,
    "--only-categories=performance,accessibility", "--output=json", "--quiet", "--form-factor=mobile"],
  { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 300_000, env: { ...process.env, CHROME_PATH: CHROMIUM } });
  const report = JSON.parse(output);
  if (new URL(report.finalDisplayedUrl).pathname.startsWith("/login")) throw new Error(`${path}: not signed in`);
  const score = (name) => Math.round(report.categories[name].score * 100);
  const audit = (name) => report.audits[name].displayValue ?? "";
  console.log(`${path.slice(0, 38).padEnd(40)}${String(score("performance")).padStart(11)}  ${String(score("accessibility")).padStart(13)}  `
    + `${audit("first-contentful-paint").padEnd(8)} ${audit("largest-contentful-paint").padEnd(8)} ${audit("total-blocking-time").padEnd(7)} ${audit("cumulative-layout-shift")}`);
  for (const [id, item] of Object.entries(report.audits)) {
    if (item.score !== null && item.score < 1 && report.categories.accessibility.auditRefs.some((r) => r.id === id && r.weight > 0)) {
      console.log(`    accessibility: ${id} (${item.title})`);
    }
  }
}
