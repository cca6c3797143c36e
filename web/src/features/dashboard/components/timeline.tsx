"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";

import type { Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { calendarDate } from "@/lib/i18n/format";

const day = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000;

/**
 * A Gantt chart of the period's programs in plain HTML: one row per program, its bar from the
 * planned start to the planned end, today as a line. Each bar also says its dates in words, so
 * a screen reader reads the same timeline.
 */
export function Timeline({ programs, today }: { programs: Program[]; today: string }) {
  const t = useTranslations();
  const { language } = useApp();
  const dated = programs.filter((p) => p.planned_start && p.planned_end)
    .sort((a, b) => a.planned_start!.localeCompare(b.planned_start!));
  if (dated.length === 0) return <p className="text-sm text-slate-700">{t("common.empty")}</p>;
  const start = Math.min(...dated.map((p) => day(p.planned_start!)));
  const end = Math.max(...dated.map((p) => day(p.planned_end!)), start + 1);
  const span = end - start;
  const at = (iso: string) => ((day(iso) - start) / span) * 100;
  const todayAt = at(today);
  const months = monthTicks(start, end, language);

  return (
    <div className="overflow-x-auto">
      <div className="min-w-[40rem]">
        <div className="relative ml-[35%] h-5 border-b border-slate-200 text-xs text-slate-600" aria-hidden="true">
          {months.map((m) => (
            <span key={m.label} className="absolute -translate-x-1/2" style={{ left: `${((m.day - start) / span) * 100}%` }}>{m.label}</span>
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
    cursor.setUTCMonth(cursor.getUTCMonth() + (end - start > 200 ? 2 : 1));
  }
  return ticks;
}
