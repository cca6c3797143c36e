import { describe, expect, it } from "vitest";

import { appLink } from "@/features/notifications/api";
import { sortForAttention } from "@/features/tasks/api";
import type { Task } from "@/lib/api/types";
import { addDays, calendarDate, rupiah, todayIn } from "@/lib/i18n/format";

describe("formats as Indonesians write them", () => {
  it("writes rupiah with dots for thousands", () => {
    expect(rupiah("1250000.00").replace(/\s/g, " ")).toBe("Rp 1.250.000");
    expect(rupiah(1500.5, "id").replace(/\s/g, " ")).toBe("Rp 1.500,5");
  });
  it("writes calendar dates without shifting them through a time zone", () => {
    expect(calendarDate("2026-12-02")).toBe("2 Des 2026");
    expect(calendarDate("2026-12-02", "en")).toBe("2 Dec 2026");
    expect(calendarDate(null)).toBe("–");
  });
  it("knows the organization's day", () => {
    // 18:00 UTC is already the next day in Jakarta (UTC+7)
    expect(todayIn("Asia/Jakarta", new Date("2026-12-02T18:00:00Z"))).toBe("2026-12-03");
    expect(addDays("2026-12-30", 7)).toBe("2027-01-06");
  });
});

describe("links and order", () => {
  it("maps the API's resource links onto the static app's pages", () => {
    expect(appLink("/tasks/0b8f8d9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b")).toBe("/tasks/view/?id=0b8f8d9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b");
    expect(appLink("https://evil.example/")).toBeNull();
    expect(appLink(null)).toBeNull();
  });
  it("puts late tasks first, then the earliest due, undated last", () => {
    const task = (title: string, late: boolean, due: string | null) => ({ title, late, due_date: due }) as Task;
    const sorted = sortForAttention([task("c", false, null), task("b", false, "2026-12-05"), task("a", true, "2026-12-01"), task("d", false, "2026-12-03")]);
    expect(sorted.map((x) => x.title)).toEqual(["a", "d", "b", "c"]);
  });
});
