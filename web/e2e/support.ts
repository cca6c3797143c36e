/** Setting the scene through the API itself (what a board would have done before today). */
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const API = process.env.API_URL ?? "http://127.0.0.1:3000";
export const PASSWORD = "Kabinet Sinergi 2025!";
export const SHOTS = "test-results/screenshots";

export type Person = { email: string; name: string; token: string; id: string };

export async function registerPerson(request: APIRequestContext, name: string, tag: string): Promise<Person> {
  const email = `${name.split(" ")[0]!.toLowerCase()}.${tag}@hima.example`;
  const answer = await request.post(`${API}/auth/register`, { data: { email, password: PASSWORD, name } });
  expect(answer.status(), await answer.text()).toBe(201);
  const body = await answer.json();
  return { email, name, token: body.access_token, id: body.user.id };
}

const auth = (person: Person) => ({ Authorization: `Bearer ${person.token}` });

/** An organization with its active period, a department, and members who accepted their invitations. */
export async function organization(request: APIRequestContext, ketua: Person, members: Person[]) {
  const org = await (await request.post(`${API}/orgs`, {
    headers: auth(ketua),
    data: { name: "Himpunan Mahasiswa Informatika", short_name: "HIMA IF", type: "hima",
      period: { name: "Kabinet Sinergi 2025/2026", starts_on: "2025-09-01", ends_on: "2027-08-31" } },
  })).json();
  const department = await (await request.post(`${API}/orgs/${org.id}/departments`, {
    headers: auth(ketua), data: { name: "Riset dan Teknologi", code: "RISTEK" },
  })).json();
  for (const member of members) {
    const invitation = await request.post(`${API}/orgs/${org.id}/invitations`, {
      headers: auth(ketua), data: { email: member.email, role: "anggota", department_id: department.id },
    });
    expect(invitation.status(), await invitation.text()).toBe(201);
    const mine = await (await request.get(`${API}/orgs/invitations/mine`, { headers: auth(member) })).json();
    const accepted = await request.post(`${API}/orgs/invitations/${mine.items[0].id}/accept`, { headers: auth(member) });
    expect(accepted.status(), await accepted.text()).toBe(200);
  }
  return { orgId: org.id as string, departmentId: department.id as string };
}

export async function logIn(page: Page, person: Person) {
  await page.goto("/login/");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Kata sandi").fill(PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await page.waitForURL(/\/dashboard\/$/);
}

export function isoDay(offset: number): string {
  const date = new Date(Date.now() + offset * 86_400_000);
  return date.toISOString().slice(0, 10);
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
