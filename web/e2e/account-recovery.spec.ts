import { expect, test } from "@playwright/test";

import { shot } from "./support";

/** The account and the mailed link's token are made by tests/e2e/test_web.py: no mail leaves the stack, so the
 * test stores the hash of a token it knows, as the auth service's consumer does for the one it mails. */
const EMAIL = process.env.RESET_EMAIL ?? "";
const TOKEN = process.env.RESET_TOKEN ?? "";
const NEW_PASSWORD = "Rapat Kerja Desember 2026!";

test("a member who forgot the password sets a new one from the mailed link and signs in with it", async ({ page }) => {
  expect(EMAIL && TOKEN, "RESET_EMAIL and RESET_TOKEN come from tests/e2e/test_web.py").toBeTruthy();
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto("/login/");
  await page.getByRole("link", { name: "Lupa kata sandi?" }).click();
  // the login page has an "Email" field too: fill the new page's, once it is there
  await expect(page.getByRole("heading", { name: "Lupa kata sandi" })).toBeVisible();
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByRole("button", { name: "Kirim tautan" }).click();
  await expect(page.getByText("Jika email itu terdaftar")).toBeVisible();
  await shot(page, "recovery-asked-phone");

  await page.goto(`/reset-password/#token=${TOKEN}`);
  await expect(page).not.toHaveURL(/token=/);  // the token leaves the address bar and the history
  await page.getByLabel("Kata sandi baru").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Simpan kata sandi" }).click();
  await expect(page.getByRole("status")).toHaveText(/Kata sandi sudah diganti/);
  await shot(page, "recovery-done-phone");

  // the link works once (from another page: a change of the fragment alone would not load the page again)
  await page.goto("/login/");
  await page.goto(`/reset-password/#token=${TOKEN}`);
  await page.getByLabel("Kata sandi baru").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Simpan kata sandi" }).click();
  await expect(page.getByText("Tautan ini tidak berlaku lagi")).toBeVisible();

  await page.goto("/login/");
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Kata sandi").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await page.waitForURL(/\/dashboard\/$/);
});
