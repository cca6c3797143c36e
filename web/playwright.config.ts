import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end in a real Chromium (Debian's: Playwright cannot download its own browser here)
 * against a real local stack: `tests/e2e/test_web.py` starts the gateway, the dispatcher and the
 * static web server on a fresh database, then runs this suite with WEB_URL and API_URL set.
 */
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/output",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.WEB_URL ?? "http://127.0.0.1:3001",
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: chromium, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
});
