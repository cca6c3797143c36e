import { expect, test } from "@playwright/test";

import { API, logIn, organization, registerPerson, shot, type Person } from "./support";

const tag = `c${Date.now().toString(36)}`;
let ketua: Person;
let programId = "";
let taskId = "";

test.beforeAll(async ({ request }) => {
  ketua = await registerPerson(request, "Rizky Pratama", tag);
  const sari = await registerPerson(request, "Sari Dewi", tag);
  const { orgId, departmentId } = await organization(request, ketua, [sari]);
  const program = await request.post(`${API}/programs`, {
    headers: { Authorization: `Bearer ${ketua.token}` },
    data: { organization_id: orgId, department_id: departmentId, name: "Lomba Cerdas Cermat", type: "event",
      planned_start: "2026-04-15", planned_end: "2026-04-16" },
  });
  expect(program.status(), await program.text()).toBe(201);
  programId = (await program.json()).id;
  const seminar = await request.post(`${API}/programs`, {
    headers: { Authorization: `Bearer ${ketua.token}` },
    data: { organization_id: orgId, department_id: departmentId, name: "Seminar Literasi Digital", type: "event",
      planned_start: "2026-05-20", planned_end: "2026-05-21", location: "Aula Rektorat" },
  });
  expect(seminar.status(), await seminar.text()).toBe(201);
  for (const to of ["diajukan", "disetujui"]) { // an approved program: the public schedule shows it
    const moved = await request.post(`${API}/programs/${(await seminar.json()).id}/transitions`, {
      headers: { Authorization: `Bearer ${ketua.token}` }, data: { to } });
    expect(moved.status(), await moved.text()).toBe(200);
  }
  const task = await request.post(`${API}/programs/${programId}/tasks`, {
    headers: { Authorization: `Bearer ${ketua.token}` },
    data: { title: "Cetak soal lomba", due_date: "2026-04-16" },
  });
  expect(task.status(), await task.text()).toBe(201);
  taskId = (await task.json()).id;
});

test("the ketua marks the exams and publishes the schedule: the timeline draws the exams, and a program and a task planned onto them are warned", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await logIn(page, ketua);
  await page.goto(`/programs/view/?id=${programId}`);
  await expect(page.getByRole("heading", { name: "Lomba Cerdas Cermat" })).toBeVisible();
  await expect(page.getByText(/jatuh pada kalender akademik/)).toHaveCount(0);
  await expect(page.getByText(/tempat belum diisi/)).toBeVisible(); // a card says what is missing, not nothing

  await page.getByRole("link", { name: "Organisasi" }).click();
  await page.getByRole("button", { name: "Tandai tanggal" }).click();
  const form = page.getByRole("form", { name: "Tandai tanggal" });
  await form.getByLabel("Nama").fill("UTS Genap");
  await form.getByLabel("Jenis").selectOption("ujian");
  await form.getByLabel("Mulai").fill("2026-04-06");
  await form.getByLabel("Sampai").fill("2026-04-17");
  await form.getByRole("button", { name: "Simpan" }).click();
  await expect(page.getByText("UTS Genap")).toBeVisible();
  await page.getByLabel(/Tampilkan \d+ hari libur nasional/).check();
  await expect(page.getByText("Hari Suci Nyepi").first()).toBeVisible(); // the period spans two years: two Nyepi
  await shot(page, "laptop-academic-calendar");

  // the board publishes the approved programs' schedule: an address anyone's calendar app subscribes to
  await page.getByLabel("Terbitkan jadwal program kerja").check();
  const address = page.getByRole("textbox", { name: "Alamat jadwal (iCalendar)" });
  await expect(address).toHaveValue(/\/calendar\/orgs\/[0-9a-f-]{36}\.ics$/);
  const schedule = await page.request.get(await address.inputValue()); // no token: it is public
  expect(schedule.status()).toBe(200);
  const ics = await schedule.text();
  expect(ics).toContain("SUMMARY:Seminar Literasi Digital");
  expect(ics).toContain("LOCATION:Aula Rektorat");
  expect(ics).not.toContain("Lomba Cerdas Cermat"); // a draft is nobody's business yet
  await address.scrollIntoViewIfNeeded();
  await shot(page, "laptop-public-schedule");

  await page.getByRole("link", { name: "Dasbor" }).click();
  const timeline = page.getByRole("region", { name: "Linimasa program" });
  await expect(timeline.getByText("Kalender akademik")).toBeVisible(); // the exams drawn behind the programs
  await expect(timeline.getByText(/UTS Genap \(ujian\): 6 Apr 2026 – 17 Apr 2026/)).toHaveCount(1);
  await timeline.scrollIntoViewIfNeeded();
  await shot(page, "laptop-dashboard-calendar");

  await page.goto(`/programs/view/?id=${programId}`);
  await expect(page.getByText(/jatuh pada kalender akademik/)).toBeVisible();
  await expect(page.getByText(/UTS Genap \(ujian/)).toBeVisible();
  await shot(page, "laptop-program-calendar-warning");

  await page.goto(`/tasks/view/?id=${taskId}`);
  await expect(page.getByText(/tenggat tugas ini jatuh pada kalender akademik/)).toBeVisible();
  await expect(page.getByText(/UTS Genap \(ujian/)).toBeVisible();
  await shot(page, "laptop-task-calendar-warning");
});
