import type { ReactNode } from "react";

const tones = {
  slate: "bg-slate-100 text-slate-800",
  blue: "bg-blue-100 text-blue-900",
  amber: "bg-amber-100 text-amber-900",
  green: "bg-green-100 text-green-900",
  red: "bg-red-100 text-red-900",
  violet: "bg-violet-100 text-violet-900",
};
export type Tone = keyof typeof tones;

export function Badge({ tone = "slate", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}

export const programStatusTone: Record<string, Tone> = {
  draft: "slate", diajukan: "violet", revisi: "amber", disetujui: "blue", dalam_progres: "blue",
  ditunda: "amber", selesai: "green", dibatalkan: "slate", ditolak: "red",
};

export const taskStatusTone: Record<string, Tone> = {
  belum_dimulai: "slate", dalam_progres: "blue", review: "violet", selesai: "green", ditunda: "amber", dibatalkan: "slate",
};
