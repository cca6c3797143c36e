import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

import { API, logIn, organization, registerPerson, shot, type Person } from "./support";

const LAPTOP = { width: 1280, height: 900 };
const tag = `h${Date.now().toString(36)}`;
let ketua: Person;
let budi: Person;
let sari: Person;
let orgId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  ketua = await registerPerson(request, "Rizky Pratama", tag);
  budi = await registerPerson(request, "Budi Santoso", tag);
  sari = await registerPerson(request, "Sari Dewi", tag);
  let departmentId: string;
  ({ orgId, departmentId } = await organization(request, ketua, [budi, sari]));
  for (const [name, type] of [["Kajian Mingguan", "rutin"], ["Seminar Nasional", "event"]] as const) {
    const program = await request.post(`${API}/programs`, {
      headers: { Authorization: `Bearer ${ketua.token}` },
      data: { organization_id: orgId, department_id: departmentId, name, type },
    });
    expect(program.status(), await program.text()).toBe(201);
  }
});

async function noSeriousViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${name}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

test("the outgoing ketua writes the department's note, prepares the next period and hands over", async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await logIn(page, ketua);
  await page.getByRole("link", { name: "Organisasi" }).click();

  await page.getByRole("button", { name: "Catatan serah terima" }).click();
  await page.getByRole("button", { name: "Tulis catatan" }).click();
  await page.getByLabel("Yang berjalan baik").fill("Kajian mingguan selalu ramai; pertahankan jadwal Kamis.");
  await page.getByLabel("Kontak penting").fill("Pak Budi (BAAK) 0812-3456-7890");
  await page.getByRole("button", { name: "Simpan catatan" }).click();
  await expect(page.getByText("Kajian mingguan selalu ramai; pertahankan jadwal Kamis.")).toBeVisible();

  await page.getByRole("button", { name: "Siapkan periode berikutnya" }).click();
  const form = page.getByRole("form", { name: "Siapkan periode berikutnya" });
  await form.getByLabel("Nama periode kepengurusan").fill("Kabinet Harmoni 2027/2028");
  await form.getByLabel("Mulai periode").fill("2027-09-01");
  await form.getByLabel("Akhir periode").fill("2028-08-31");
  await form.getByLabel("Ketua periode berikutnya").selectOption({ label: "Budi Santoso · Anggota" });
  await form.getByRole("button", { name: "Buat periode draf" }).click();
  await expect(page.getByText("Kabinet Harmoni 2027/2028")).toBeVisible();

  await page.getByRole("link", { name: "Serah terima" }).click();
  await expect(page.getByRole("heading", { name: "Serah terima kepengurusan" })).toBeVisible();
  await page.getByLabel("Kepala baru").selectOption({ label: "Sari Dewi" });
  await expect(page.getByLabel("Peran Sari Dewi di periode baru")).toHaveValue("anggota");
  await page.getByLabel("Peran Sari Dewi di periode baru").selectOption("kepala_departemen");
  // the programs are the next board's to choose: shown, not editable for the outgoing ketua
  await expect(page.getByText(/ketua atau wakil ketua Kabinet Harmoni 2027\/2028 memilih/)).toBeVisible();
  await page.getByRole("button", { name: "Lakukan serah terima" }).click();
  await expect(page.getByText(/Serah terima tersimpan: 1 departemen dan 1 anggota ditambahkan/)).toBeVisible();
  await shot(page, "laptop-handover");
  await noSeriousViolations(page, "handover");
});

test("the incoming ketua carries the routine program over", async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await logIn(page, budi);
  await page.getByRole("link", { name: "Organisasi" }).click();
  await page.getByRole("link", { name: "Serah terima" }).click();
  const programs = page.getByRole("checkbox", { name: /Kajian Mingguan/ });
  await expect(programs).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /Seminar Nasional/ })).not.toBeChecked();
  await page.getByRole("button", { name: "Lakukan serah terima" }).click();
  await expect(page.getByText("1 program menjadi draf.")).toBeVisible();
  await page.getByRole("link", { name: "Kembali ke Organisasi" }).click();
  // closing the period is the outgoing board's: the incoming ketua sees no button for it
  await expect(page.getByRole("link", { name: "Serah terima" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Aktifkan periode" })).toHaveCount(0);
});

test("the outgoing ketua activates the next period: theirs becomes history", async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await logIn(page, ketua);
  await page.getByRole("link", { name: "Organisasi" }).click();
  await page.getByRole("button", { name: "Aktifkan periode" }).click();
  await expect(page.getByText(/Aktifkan Kabinet Harmoni 2027\/2028\?/)).toBeVisible();
  await page.getByRole("button", { name: "Aktifkan periode" }).click();
  await expect(page.getByText("Selesai", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Aktif", { exact: true }).first()).toBeVisible();
});

test("the new board reads the old board's note and browses the finished period", async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await logIn(page, budi);
  await page.getByRole("link", { name: "Organisasi" }).click();

  await page.getByRole("button", { name: "Catatan dari periode sebelumnya" }).click();
  await expect(page.getByText("Kajian mingguan selalu ramai; pertahankan jadwal Kamis.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Ubah catatan" })).toHaveCount(0); // history: read-only
  await expect(page.getByText("Kepala: Sari Dewi")).toBeVisible();
  await shot(page, "laptop-after-handover");
  await noSeriousViolations(page, "organization after handover");

  // the new period holds the routine program's draft; the finished one is browsable history
  await page.getByRole("link", { name: "Program Kerja" }).click();
  await page.getByLabel("Periode", { exact: true }).selectOption({ label: "Kabinet Harmoni 2027/2028" });
  await expect(page.getByRole("link", { name: "Seminar Nasional" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Kajian Mingguan" })).toHaveCount(1);
  await page.getByLabel("Periode", { exact: true }).selectOption({ label: "Kabinet Sinergi 2025/2026 (Selesai)" });
  await expect(page.getByRole("link", { name: "Seminar Nasional" })).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Kajian Mingguan" })).toHaveCount(1);
  await shot(page, "laptop-programs-of-finished-period");
  expect(orgId).not.toBe("");
});
