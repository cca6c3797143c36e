/**
 * Rupiah and dates as Indonesians write them ("Rp 1.250.000", "2 Des 2026"), in the user's
 * language. Plain `Intl`, so the formats follow CLDR and cost no JavaScript of ours.
 */
export type Language = "id" | "en";

const locales: Record<Language, string> = { id: "id-ID", en: "en-GB" };

export function rupiah(amount: string | number, language: Language = "id"): string {
  const value = typeof amount === "string" ? Number(amount) : amount;
  return new Intl.NumberFormat(locales[language], {
    style: "currency",
    currency: "IDR",
    minimumFractionDigits: 0,
    maximumFractionDigits: 2,
  }).format(value);
}

/** A calendar date from the API (`2026-12-02`), shown without shifting it through a time zone. */
export function calendarDate(isoDate: string | null | undefined, language: Language = "id"): string {
  if (!isoDate) return "–";
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
  return new Intl.DateTimeFormat(locales[language], {
    day: "numeric", month: "short", year: "numeric", timeZone: "UTC",
  }).format(date);
}

/** An instant (`2026-12-02T10:15:00+07:00`) in the user's time zone. */
export function dateTime(iso: string | null | undefined, language: Language = "id", timeZone = "Asia/Jakarta"): string {
  if (!iso) return "–";
  return new Intl.DateTimeFormat(locales[language], {
    day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone,
  }).format(new Date(iso));
}

export function percent(value: number | null | undefined, language: Language = "id"): string {
  if (value === null || value === undefined) return "–";
  return new Intl.NumberFormat(locales[language], { maximumFractionDigits: 0 }).format(value) + "%";
}

/** Today's date (YYYY-MM-DD) in a time zone: "late" and "due this week" are the organization's day. */
export function todayIn(timeZone = "Asia/Jakarta", now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function addDays(isoDate: string, days: number): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + days));
  return date.toISOString().slice(0, 10);
}
