// Screenshots for a person to look at: node scripts/look.mjs <web-url> <email> <password> <out-dir> [path...]
import { chromium } from "@playwright/test";

const [base, email, password, out, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const [name, viewport] of [["laptop", { width: 1280, height: 900 }], ["phone", { width: 360, height: 780 }]]) {
  const page = await browser.newPage({ viewport });
  page.on("console", (m) => { if (m.type() === "error") console.log(`[${name}] console: ${m.text()}`); });
  await page.goto(`${base}/login/`);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/kata sandi|password/i).fill(password);
  await page.getByRole("button", { name: /masuk|log in/i }).click();
  await page.waitForURL(/dashboard/);
  for (const path of paths.length ? paths : ["/dashboard/"]) {
    await page.goto(`${base}${path}`);
    await page.waitForLoadState("networkidle");
    const file = `${out}/${name}-${path.replace(/[^a-z0-9]+/gi, "_")}.png`;
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
  await page.close();
}
await browser.close();
