"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";

import type { CalendarEntry, Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { calendarDate } from "@/lib/i18n/format";

const day = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000;

/** The academic calendar's kinds: a mark in the calendar's own row and, but for national holidays (single
 * days, many), a faint band behind the programs' rows. */
const BAND: Record<CalendarEntry["kind"], string> = {
  ujian: "bg-red-500/10", libur: "bg-green-500/10", registrasi: "bg-blue-500/10", lainnya: "bg-slate-500/10",
  nasional: "bg-violet-500/15",
};
const MARK: Record<CalendarEntry["kind"], string> = { // lighter than the bars: a late program's is red-500
  ujian: "bg-red-300", libur: "bg-green-300", registrasi: "bg-blue-300", lainnya: "bg-slate-300", nasional: "bg-violet-400",
};

/**
 * A Gantt chart of the period's programs in plain HTML: one row per program, its bar from the
 * planned start to the planned end, today as a line; behind them the academic calendar (exams,
 * breaks, registration weeks, national holidays), so a program planned into exam week shows.
 * With the calendar it spans the whole period (`calendar.starts_on` to `ends_on`), else the programs.
 * Each bar and range also says its dates in words, so a screen reader reads the same timeline.
 */
export function Timeline({ programs, today, calendar }: {
  programs: Program[]; today: string; calendar?: { starts_on: string; ends_on: string; items: CalendarEntry[] };
}) {
  const t = useTranslations();
  const { language } = useApp();
  const dated = programs.filter((p) => p.planned_start && p.planned_end)
    .sort((a, b) => a.planned_start!.localeCompare(b.planned_start!));
  if (dated.length === 0) return <p className="text-sm text-slate-700">{t("common.empty")}</p>;
  const bounds = calendar ? [day(calendar.starts_on), day(calendar.ends_on)] : [];
  const start = Math.min(...dated.map((p) => day(p.planned_start!)), ...bounds);
  const end = Math.max(...dated.map((p) => day(p.planned_end!)), ...bounds, start + 1);
  const span = end - start;
  const at = (iso: string) => ((day(iso) - start) / span) * 100;
  const todayAt = at(today);
  const months = monthTicks(start, end, language);
  const ranges = (calendar?.items ?? []).filter((c) => day(c.ends_on) >= start && day(c.starts_on) <= end).map((c) => {
    const left = Math.max(0, at(c.starts_on));
    return { ...c, left, width: Math.max(0.3, Math.min(100, ((day(c.ends_on) + 1 - start) / span) * 100) - left) };
  });
  const kinds = (Object.keys(MARK) as CalendarEntry["kind"][]).filter((k) => ranges.some((r) => r.kind === k));

  return (
    <div className="overflow-x-auto">
      <div className="min-w-[40rem]">
        <div className="relative ml-[35%] h-5 border-b border-slate-200 text-xs text-slate-600" aria-hidden="true">
          {months.map((m) => (
            <span key={m.label} className="absolute -translate-x-1/2 whitespace-nowrap" style={{ left: `${((m.day - start) / span) * 100}%` }}>{m.label}</span>
          ))}
        </div>
        {ranges.length > 0 && (
          <div className="grid grid-cols-[35%_65%] items-center border-b border-slate-200 py-1 text-sm">
            <span className="truncate pr-2 text-slate-700">{t("org.calendar.title")}</span>
            <ul className="relative h-4">
              {ranges.map((r) => (
                <li key={`${r.kind}-${r.starts_on}-${r.name}`} className={`absolute h-4 rounded-sm ${MARK[r.kind]}`}
                  style={{ left: `${r.left}%`, width: `${r.width}%`, minWidth: "2px" }}
                  title={`${r.name}: ${calendarDate(r.starts_on, language)} – ${calendarDate(r.ends_on, language)}`}>
                  <span className="sr-only">
                    {r.name} ({t(`programs.calendarKind.${r.kind}`)}): {calendarDate(r.starts_on, language)} – {calendarDate(r.ends_on, language)}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="relative">
          <div className="pointer-events-none absolute inset-y-0 left-[35%] right-0" aria-hidden="true">
            {ranges.filter((r) => r.kind !== "nasional").map((r) => ( // a day's band would only be noise
              <div key={`${r.kind}-${r.starts_on}-${r.name}`} className={`absolute inset-y-0 ${BAND[r.kind]}`}
                style={{ left: `${r.left}%`, width: `${r.width}%`, minWidth: "2px" }} />
            ))}
          </div>
          <ul className="relative">
            {dated.map((p) => {
              const left = at(p.planned_start!);
              const width = Math.max(1, at(p.planned_end!) - left);
              return (
                <li key={p.id} className="grid grid-cols-[35%_65%] items-center border-b border-slate-100 py-1 text-sm">
                  <Link href={`/programs/view/?id=${p.id}`} className="truncate pr-2 text-brand-700 hover:underline">{p.name}</Link>
                  <div className="relative h-5">
                    <div className={`absolute h-5 rounded ${barColor(p)}`}
                      style={{ left: `${left}%`, width: `${width}%` }}
                      title={`${calendarDate(p.planned_start, language)} – ${calendarDate(p.planned_end, language)}`}>
                      <span className="sr-only">
                        {t(`programStatus.${p.status}`)}: {calendarDate(p.planned_start, language)} – {calendarDate(p.planned_end, language)}
                        {p.late ? ` (${t("common.late")})` : ""}
                      </span>
                    </div>
                    {todayAt >= 0 && todayAt <= 100 && (
                      <div className="absolute top-[-4px] h-7 w-0.5 bg-amber-500" style={{ left: `${todayAt}%` }} aria-hidden="true" />
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
        {kinds.length > 0 && (
          <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-hidden="true">
            {kinds.map((k) => (
              <li key={k} className="flex items-center gap-1.5">
                <span className={`inline-block h-3 w-3 rounded-sm ${MARK[k]}`} />{t(`programs.calendarKind.${k}`)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function barColor(program: Program): string {
  if (program.late) return "bg-red-500";
  if (program.status === "selesai") return "bg-green-600";
  if (program.status === "dibatalkan" || program.status === "ditolak") return "bg-slate-400";
  if (program.status === "ditunda") return "bg-amber-500";
  if (program.status === "dalam_progres") return "bg-brand-600";
  return "bg-brand-100 border border-brand-600"; // not started yet: planned only
}

function monthTicks(start: number, end: number, language: string): { day: number; label: string }[] {
  const ticks: { day: number; label: string }[] = [];
  const first = new Date(start * 86_400_000);
  const cursor = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1));
  const format = new Intl.DateTimeFormat(language === "en" ? "en-GB" : "id-ID", { month: "short", year: "2-digit", timeZone: "UTC" });
  while (cursor.getTime() / 86_400_000 < end) {
    ticks.push({ day: cursor.getTime() / 86_400_000, label: format.format(cursor) });
    cursor.setUTCMonth(cursor.getUTCMonth() + (end - start > 600 ? 3 : end - start > 200 ? 2 : 1)); // labels apart
  }
  return ticks;
}
