import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

import { writeFileSync } from "node:fs";

import { API, SHOTS, isoDay, logIn, organization, registerPerson, shot, type Person } from "./support";

const PHONE = { width: 360, height: 780 };
const LAPTOP = { width: 1280, height: 900 };
const tag = Date.now().toString(36);
let ketua: Person;
let budi: Person;
let sari: Person;
let programUrl = "";
let orgId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  ketua = await registerPerson(request, "Rizky Pratama", tag);
  budi = await registerPerson(request, "Budi Santoso", tag);
  sari = await registerPerson(request, "Sari Dewi", tag);
  ({ orgId } = await organization(request, ketua, [budi, sari]));
});

async function noSeriousViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${name}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

test("the ketua creates a program, takes it through approval and gives two members tasks", async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await logIn(page, ketua);
  await expect(page.getByRole("heading", { name: "Dasbor HIMA IF" })).toBeVisible();

  await page.getByRole("link", { name: "Program Kerja" }).click();
  await page.getByRole("link", { name: "Program baru" }).click();
  await page.getByLabel("Nama program").fill("Seminar Nasional AI");
  await page.getByLabel("Departemen").selectOption({ label: "Riset dan Teknologi" });
  await page.getByLabel("Penanggung jawab (PJ)").selectOption({ label: "Rizky Pratama" });
  await page.getByLabel("Rencana mulai").fill(isoDay(-3));
  await page.getByLabel("Rencana selesai").fill(isoDay(30));
  await page.getByLabel("Anggaran direncanakan (Rp)").fill("15000000");
  await page.getByRole("button", { name: "Simpan" }).click();

  await expect(page.getByRole("heading", { name: "Seminar Nasional AI" })).toBeVisible();
  programUrl = page.url();
  for (const status of ["Diajukan", "Disetujui", "Dalam Progres"]) {
    await page.getByRole("button", { name: `Jadikan “${status}”` }).click();
    await expect(page.getByRole("tabpanel").or(page.locator("body")).getByText(status, { exact: true }).first()).toBeVisible();
  }
  await expect(page.getByRole("button", { name: "Jadikan “Selesai”" })).toBeVisible();

  await page.getByRole("tab", { name: "Tugas" }).click();
  for (const [title, person] of [["Siapkan materi seminar", budi], ["Sebar poster", sari]] as const) {
    await page.getByRole("button", { name: "Tugas baru" }).click();
    await page.getByLabel("Judul tugas").fill(title);
    await page.getByLabel("Tenggat").fill(isoDay(7));
    await page.getByLabel(person.name).check();
    await page.getByRole("button", { name: "Buat" }).click();
    await expect(page.getByRole("article", { name: title })).toBeVisible();
  }
  await expect(page.getByRole("region", { name: "Belum Dimulai (2)" })).toBeVisible();
  await shot(page, "laptop-program-board");
  await noSeriousViolations(page, "program");
});

test("a member on a phone sees the task, is told in the inbox, and drags it to done", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await logIn(page, budi);
  await shot(page, "phone-dashboard-member");
  await fitsThePhone(page);
  await page.getByRole("link", { name: "Tugas Saya" }).click();
  await expect(page.getByRole("article", { name: "Siapkan materi seminar" })).toBeVisible();
  await expect(page.getByRole("article", { name: "Sebar poster" })).toHaveCount(0);
  await shot(page, "phone-my-tasks");
  await fitsThePhone(page);
  await noSeriousViolations(page, "my tasks");

  // the notification comes through the outbox, the dispatcher and the notifications consumer
  await expect(page.getByTestId("unread-count")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("link", { name: /^Notifikasi/ }).first().click();
  await expect(page.getByText("Tugas baru: Siapkan materi seminar")).toBeVisible();
  await shot(page, "phone-inbox");
  await noSeriousViolations(page, "inbox");

  await page.goto(programUrl);
  await page.getByRole("tab", { name: "Tugas" }).click();
  // a member has no board actions
  await expect(page.getByRole("button", { name: "Tugas baru" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Ubah" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Jadikan/ })).toHaveCount(0);

  const card = () => page.getByRole("article", { name: "Siapkan materi seminar" });
  // straight to done is not a step of the lifecycle: the API refuses and the board says so
  await drag(page, card(), "selesai");
  await expect(page.getByRole("alert").filter({ hasText: "tidak dapat dipindahkan" })).toBeVisible();
  await expect(page.getByRole("region", { name: /^Belum Dimulai/ }).getByRole("article", { name: "Siapkan materi seminar" })).toBeVisible();

  for (const [status, column] of [["dalam_progres", /^Dalam Progres/], ["review", /^Review/], ["selesai", /^Selesai/]] as const) {
    await drag(page, card(), status);
    await expect(page.getByRole("region", { name: column }).getByRole("article", { name: "Siapkan materi seminar" })).toBeVisible();
  }
  await shot(page, "phone-board-done");
  await fitsThePhone(page);
});

test("the ketua's dashboard shows the progress, and the PDF report downloads", async ({ page, request }) => {
  await page.setViewportSize(LAPTOP);
  await logIn(page, ketua);
  await expect(page.getByRole("progressbar", { name: /Progres Riset dan Teknologi/ })).toHaveAttribute("aria-valuenow", "50");
  await shot(page, "laptop-dashboard");
  await noSeriousViolations(page, "dashboard");

  await page.goto(programUrl);
  await expect(page.getByTestId("program-progress")).toHaveText("50%");
  await page.getByRole("tab", { name: "Laporan" }).click();
  await page.getByRole("button", { name: /Laporan progres/ }).click();
  const pdfResponse = page.waitForResponse((r) => r.url().includes("/_files/") || r.url().endsWith(".pdf"));
  await page.getByRole("button", { name: "Unduh PDF" }).first().click();
  const response = await pdfResponse;
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/pdf");
  // the browser shows it in its PDF viewer; the bytes behind the signed link it opened are the report
  const pdf = await (await request.get(response.url())).body();
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  writeFileSync(`${SHOTS}/progress-report.pdf`, pdf);
});

test("the PJ writes the LPJ's sections and attaches a photo, and they are there for the LPJ's PDF", async ({ page, request }) => {
  await page.setViewportSize(LAPTOP);
  await logIn(page, ketua); // the program's PJ
  await page.goto(programUrl);
  await page.getByRole("tab", { name: "LPJ" }).click();
  await page.getByLabel("Kata pengantar").fill("Puji syukur atas terlaksananya Seminar Nasional AI.");
  await page.getByRole("button", { name: "Tambah kelompok peserta" }).click();
  await page.getByLabel("Kelompok").fill("Mahasiswa");
  await page.getByLabel("Target", { exact: true }).fill("150");
  await page.getByLabel("Realisasi").fill("171");
  await page.getByLabel("Kendala").fill("Pembicara kedua terlambat datang.");
  await page.getByLabel("Rekomendasi").fill("Konfirmasi pembicara H-7 dan H-1.");
  await page.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "LPJ tersimpan." })).toBeVisible();
  await shot(page, "laptop-lpj");
  await noSeriousViolations(page, "lpj");

  await page.reload();
  await page.getByRole("tab", { name: "LPJ" }).click();
  await expect(page.getByLabel("Kata pengantar")).toHaveValue("Puji syukur atas terlaksananya Seminar Nasional AI.");
  await expect(page.getByLabel("Realisasi")).toHaveValue("171");
  await expect(page.getByText(/Terakhir disimpan .* oleh Rizky Pratama/)).toBeVisible();

  // a photo of the activity, drawn in the page as a phone's camera would hand it over
  const photo = Buffer.from((await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 800;
    canvas.height = 600;
    const g = canvas.getContext("2d") as CanvasRenderingContext2D;
    g.fillStyle = "#1f4e79";
    g.fillRect(0, 0, 800, 600);
    g.fillStyle = "#f5c542";
    g.beginPath();
    g.arc(400, 260, 140, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = "#ffffff";
    g.font = "bold 56px sans-serif";
    g.fillText("Pembukaan", 250, 520);
    return canvas.toDataURL("image/png");
  })).split(",")[1], "base64");
  const attachments = page.getByRole("list", { name: "Lampiran" });
  await expect(page.getByText("Belum ada berkas yang dilampirkan.")).toBeVisible();
  await page.getByLabel("Berkas", { exact: true }).setInputFiles({ name: "pembukaan.png", mimeType: "image/png", buffer: photo });
  await expect(page.getByLabel("Judul", { exact: true })).toHaveValue("pembukaan"); // named after the file until renamed
  await page.getByLabel("Judul", { exact: true }).fill("Pembukaan oleh ketua");
  await page.getByRole("button", { name: "Unggah" }).click();
  await expect(attachments.getByRole("link", { name: "Pembukaan oleh ketua" })).toBeVisible();
  await expect(attachments.getByText(/Foto dokumentasi · pembukaan\.png/)).toBeVisible();
  await expect(attachments.locator("img")).toHaveJSProperty("naturalWidth", 800); // the thumbnail loads behind its link
  await page.getByLabel("Berkas", { exact: true }).setInputFiles({ name: "catatan.txt", mimeType: "text/plain", buffer: Buffer.from("x") });
  await expect(page.getByText("Pilih berkas JPEG, PNG, atau PDF.")).toBeVisible();
  await shot(page, "laptop-lpj-attachments");
  await noSeriousViolations(page, "lpj-attachments");

  await page.getByRole("tab", { name: "Laporan" }).click();
  await page.getByRole("button", { name: /Draf LPJ/ }).click();
  await expect(page.getByText(/Laporan Pertanggungjawaban: Seminar Nasional AI/)).toBeVisible();
  const pdfResponse = page.waitForResponse((r) => r.url().includes("/_files/") || r.url().endsWith(".pdf"));
  await page.getByRole("button", { name: "Unduh PDF" }).first().click();
  const response = await pdfResponse;
  expect(response.headers()["content-type"]).toContain("application/pdf");
  const lpj = await (await request.get(response.url())).body();
  expect(lpj.includes("/Subtype /Image")).toBe(true); // the photo is printed in it
  writeFileSync(`${SHOTS}/lpj.pdf`, lpj);
});

test("the ketua enters a budget line, seats a committee member and edits a task", async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await logIn(page, ketua);
  await page.goto(programUrl);
  const panel = page.getByRole("tabpanel");

  await page.getByRole("tab", { name: "Anggaran" }).click();
  await panel.getByRole("button", { name: "Tambah pos anggaran" }).click();
  await panel.getByLabel("Kategori / sumber").fill("Konsumsi peserta");
  await panel.getByLabel("Jumlah").fill("40");
  await panel.getByLabel("Harga satuan").fill("25000");
  await panel.getByRole("button", { name: "Simpan" }).click();
  const line = panel.getByRole("row").filter({ hasText: "Konsumsi peserta" });
  await expect(line).toContainText(/Rp\s1\.000\.000/);
  await expect(line).toContainText("Belum diverifikasi");
  // its receipt goes up with the LPJ's attachments, naming the line; the budget shows it
  await page.getByRole("tab", { name: "LPJ" }).click();
  await page.getByLabel("Jenis", { exact: true }).selectOption("kuitansi");
  await page.getByLabel("Untuk pos anggaran (opsional)").selectOption({ label: "Konsumsi peserta" });
  await page.getByLabel("Berkas", { exact: true }).setInputFiles({ name: "nota-konsumsi.pdf", mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n% nota konsumsi\n") });
  await page.getByLabel("Judul", { exact: true }).fill("Nota konsumsi");
  await page.getByRole("button", { name: "Unggah" }).click();
  await expect(page.getByText(/Kuitansi · nota-konsumsi\.pdf · /)).toBeVisible();
  // the row says which line it is for, and changes it: to none, and back (a receipt uploaded before its line)
  const itemOf = page.getByLabel("Pos anggaran Nota konsumsi");
  await expect(itemOf.locator("option:checked")).toHaveText("Konsumsi peserta");
  const patched = () => page.waitForResponse((r) => r.request().method() === "PATCH" && r.url().includes("/lpj/attachments/"));
  for (const label of ["Tidak untuk pos tertentu", "Konsumsi peserta"]) {
    const answer = patched();
    await itemOf.selectOption({ label });
    expect((await answer).status()).toBe(200);
    await expect(itemOf.locator("option:checked")).toHaveText(label);
  }
  await shot(page, "laptop-lpj-receipt-item");
  await page.getByRole("tab", { name: "Anggaran" }).click();
  await expect(line.getByRole("link", { name: "Nota konsumsi" })).toBeVisible();
  await shot(page, "laptop-budget-receipt");

  await page.getByRole("tab", { name: "Panitia" }).click();
  await panel.getByLabel("Anggota", { exact: true }).selectOption({ label: "Sari Dewi" });
  await panel.getByLabel("Peran kepanitiaan").fill("Koordinator acara");
  await panel.getByRole("button", { name: "Tambah panitia" }).click();
  await expect(panel.getByText("Sari Dewi · Koordinator acara")).toBeVisible();

  await page.getByRole("tab", { name: "Tugas" }).click();
  await page.getByRole("article", { name: "Sebar poster" }).getByRole("link", { name: "Sebar poster" }).click();
  await page.getByRole("button", { name: "Ubah" }).click();
  await page.getByLabel("Prioritas").selectOption("tinggi");
  await page.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByLabel("Prioritas")).toBeHidden();  // saved: the form closes, the task shows its new priority
  await expect(page.getByRole("region", { name: "Sebar poster" }).getByText("Tinggi", { exact: true })).toBeVisible();
  await shot(page, "laptop-task");
  await noSeriousViolations(page, "task");
});

test("a stale edit shows the version someone else saved; a bad date is explained at its field", async ({ page, request }) => {
  await page.setViewportSize(LAPTOP);
  await logIn(page, ketua);
  const programId = new URL(programUrl).searchParams.get("id")!;
  await page.goto(`/programs/edit/?id=${programId}`);
  await expect(page.getByLabel("Nama program")).toHaveValue("Seminar Nasional AI");
  // the selects show the program's own values, not their first option
  await expect(page.getByLabel("Departemen").locator("option:checked")).toHaveText("Riset dan Teknologi");
  await expect(page.getByLabel("Penanggung jawab (PJ)").locator("option:checked")).toHaveText("Rizky Pratama");

  // someone else renames it meanwhile
  const changed = await request.patch(`${API}/programs/${programId}`, {
    headers: { Authorization: `Bearer ${ketua.token}` }, data: { location: "Aula Utama" },
  });
  expect(changed.status()).toBe(200);
  await page.getByLabel("Nama program").fill("Seminar Nasional AI 2026");
  await page.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "baru saja diubah orang lain" })).toBeVisible();
  await expect(page.getByLabel("Tempat")).toHaveValue("Aula Utama");

  await page.getByLabel("Rencana selesai").fill("2020-01-01");
  await page.getByRole("button", { name: "Simpan" }).click();
  const endField = page.getByLabel("Rencana selesai");
  await expect(endField).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await endField.getAttribute("aria-describedby"))!.split(" ")[0]!;
  await expect(page.locator(`[id="${describedBy}"]`)).not.toBeEmpty();
  await shot(page, "laptop-program-form-errors");
});

test("when the API cannot be reached, the page says so instead of going blank", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await logIn(page, ketua);
  await page.route(`${API}/**`, (route) => route.abort("connectionrefused"));
  await page.getByRole("link", { name: "Program Kerja" }).click();
  await expect(page.getByText("Server Proker Tracker tidak dapat dihubungi", { exact: false }).first()).toBeVisible({ timeout: 20_000 });
  await shot(page, "phone-api-down");
});

/** Nothing wider than the phone: no sideways scrolling of the whole page. */
async function fitsThePhone(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

/** Drag a card onto a column with the mouse, in small steps as a person would (dnd-kit's pointer sensor). */
async function drag(page: Page, card: ReturnType<Page["getByRole"]>, status: string) {
  // the board at the top of the window, so the pointer stays clear of the edges where the page scrolls by itself
  await page.getByRole("region", { name: "Papan tugas" }).evaluate((board) => board.scrollIntoView({ block: "start" }));
  const column = page.locator(`section[data-status="${status}"]`);
  const to = (await column.boundingBox())!;
  const start = (await card.boundingBox())!;
  await page.mouse.move(start.x + 20, start.y + 12);
  await page.mouse.down();
  await page.mouse.move(start.x + 30, start.y + 20, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(24, to.height / 2), { steps: 15 });
  await page.mouse.up();
}

test("the LPJ's review: the PJ submits, the sekretaris checks, the ketua approves and its PDF is final", async ({ page, request }) => {
  await page.setViewportSize(LAPTOP);
  await logIn(page, ketua); // the program's PJ, and the ketua
  await page.goto(programUrl);
  await page.getByRole("tab", { name: "LPJ" }).click();
  await expect(page.getByText("Draf", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Ajukan LPJ" }).click();
  await expect(page.getByText("Diajukan", { exact: true }).first()).toBeVisible();
  await expect(page.getByLabel("Kata pengantar")).toHaveAttribute("readonly", "");
  await expect(page.getByRole("button", { name: "Simpan" })).toHaveCount(0);
  await shot(page, "laptop-lpj-submitted");

  // Sari becomes the sekretaris, who checks it
  const headers = { Authorization: `Bearer ${ketua.token}` };
  const members = await (await request.get(`${API}/orgs/${orgId}/members`, { headers })).json();
  const membership = members.items.find((m: { user_id: string }) => m.user_id === sari.id);
  const made = await request.patch(`${API}/orgs/${orgId}/members/${membership.id}`, { headers, data: { role: "sekretaris" } });
  expect(made.status(), await made.text()).toBe(200);
  await page.evaluate(() => localStorage.clear());
  await logIn(page, sari);
  await page.goto(programUrl);
  await page.getByRole("tab", { name: "LPJ" }).click();
  await expect(page.getByLabel("Catatan revisi")).toBeVisible();
  await page.getByRole("button", { name: "Tandai sudah diperiksa" }).click();
  await expect(page.getByText("Diperiksa", { exact: true }).first()).toBeVisible();
  await shot(page, "laptop-lpj-checked");

  await page.evaluate(() => localStorage.clear());
  await logIn(page, ketua);
  // the ketua sets the letterhead the approved LPJ is printed under, and how its documents are numbered
  await page.getByRole("link", { name: "Organisasi" }).click();
  const letterhead = page.getByRole("region", { name: "Kop surat" });
  await letterhead.getByLabel("Alamat (opsional)").fill("Gedung Student Center Lt. 2, Jl. Kampus No. 1, Surabaya");
  await letterhead.getByLabel("Format nomor dokumen (opsional)").fill("{nomor}/LPJ/{kode}/{bulan}");
  await expect(letterhead.getByText(/Nomor LPJ yang disetujui akan berbunyi: 007\/LPJ\/SEMNAS\/[IVX]+$/)).toBeVisible();
  await letterhead.getByLabel("Format nomor dokumen (opsional)").fill("LPJ/{bulan}/{tahun}");
  await letterhead.getByRole("button", { name: "Simpan" }).click();
  await expect(letterhead.getByText(/must hold \{nomor\}/)).toBeVisible(); // refused, field named
  await letterhead.getByLabel("Format nomor dokumen (opsional)").fill("{nomor}/LPJ/{singkatan}/{bulan}/{tahun}");
  await letterhead.getByRole("button", { name: "Simpan" }).click();
  await expect(letterhead.getByRole("status")).toHaveText("Kop surat tersimpan.");
  // and the logo, printed left of the name
  const logo = Buffer.from((await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 240;
    const g = canvas.getContext("2d") as CanvasRenderingContext2D;
    g.fillStyle = "#1f4e79";
    g.beginPath();
    g.arc(120, 120, 110, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = "#f5c542";
    g.font = "bold 72px sans-serif";
    g.fillText("HIF", 55, 145);
    return canvas.toDataURL("image/png");
  })).split(",")[1], "base64");
  await expect(letterhead.getByText("Belum ada logo")).toBeVisible();
  await letterhead.getByLabel("Pilih logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: logo });
  await expect(letterhead.getByRole("img", { name: "Logo organisasi saat ini" })).toBeVisible();
  await expect(letterhead.getByRole("button", { name: "Hapus logo" })).toBeVisible();
  await shot(page, "laptop-org-letterhead");
  await noSeriousViolations(page, "org-letterhead");
  // and signs with the NIM under the name, as the campus asks: the profile says it is printed
  await page.getByRole("link", { name: "Pengaturan" }).click();
  const profile = page.getByRole("form", { name: "Profil" });
  await profile.getByLabel("NIM / NIP (opsional)").fill("2106100001");
  await profile.getByLabel(/Cetak NIM .* di bawah tanda tangan/).check();
  await profile.getByRole("button", { name: "Simpan" }).click();
  await expect(profile.getByRole("status")).toHaveText("Profil disimpan.");
  await shot(page, "laptop-profile-nim-on-documents");
  await page.goto(programUrl);
  await page.getByRole("tab", { name: "LPJ" }).click();
  await page.getByRole("button", { name: "Setujui LPJ" }).click();
  await expect(page.getByRole("button", { name: "Unduh PDF LPJ yang disetujui" })).toBeVisible();
  await expect(page.getByText(/^Nomor: \d{3}\/LPJ\/HIMA IF\/[IVX]+\/\d{4}$/)).toBeVisible(); // in the board's format
  await expect(page.getByText(/Sari Dewi/).first()).toBeVisible(); // the history names who checked it
  await shot(page, "laptop-lpj-approved");
  await noSeriousViolations(page, "lpj-approved");
  const pdfResponse = page.waitForResponse((r) => r.url().includes("/_files/") || r.url().endsWith(".pdf"));
  await page.getByRole("button", { name: "Unduh PDF LPJ yang disetujui" }).click();
  expect((await pdfResponse).headers()["content-type"]).toContain("application/pdf");
});

test("next year's board starts from this program: a duplicate with its plan and the LPJ's recommendations", async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await logIn(page, ketua);
  await page.goto(programUrl);
  await page.getByRole("button", { name: "Duplikat" }).click();
  await page.getByLabel("Nama baru (opsional)").fill("Seminar Nasional AI 2027");
  await page.getByLabel("Rencana mulai (opsional)").fill(isoDay(360));
  await page.getByRole("button", { name: "Buat salinan" }).click();
  await expect(page.getByRole("heading", { name: "Seminar Nasional AI 2027" })).toBeVisible();
  await expect(page.getByText("Draf", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Seminar Nasional AI", exact: true })).toBeVisible();
  await expect(page.getByText("Konfirmasi pembicara H-7 dan H-1.")).toBeVisible();
  await shot(page, "laptop-duplicate");
  await noSeriousViolations(page, "duplicate");
  expect(page.url()).not.toBe(programUrl);
});

test("the organization and settings pages are whole; English is one setting away", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await logIn(page, ketua);
  await page.getByRole("link", { name: "Organisasi" }).click();
  await expect(page.getByText(budi.email)).toBeVisible();
  await expect(page.getByText("Sari Dewi")).toBeVisible();
  await shot(page, "phone-organization");
  await fitsThePhone(page);
  await noSeriousViolations(page, "organization");

  await page.getByRole("link", { name: "Pengaturan" }).click();
  const preferences = page.getByRole("region", { name: /^Bahasa/ });
  await preferences.getByLabel("Bahasa", { exact: true }).selectOption("en");
  await preferences.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByRole("link", { name: "Dashboard" })).toBeVisible();
  await shot(page, "phone-settings-english");
  await noSeriousViolations(page, "settings");
  // the language is the account's: a fresh browser signed in as the same person gets it too
  await page.evaluate(() => localStorage.clear());
  await logIn(page, ketua).catch(() => undefined);
  await expect(page.getByRole("link", { name: "Programs" })).toBeVisible({ timeout: 15_000 });
  // and so are the reports' files: the newest stored report opens in English
  await page.goto(programUrl);
  await page.getByRole("tab", { name: "Reports" }).click();
  const opened = page.waitForResponse((r) => r.url().includes("/_files/") || r.url().endsWith(".pdf"));
  await page.getByRole("button", { name: "Download PDF" }).first().click();
  const english = await opened;
  expect(english.status()).toBe(200);
  expect(decodeURIComponent(english.url())).toMatch(/\/en\/[a-z0-9-]+-report-/);  // the English file
});
