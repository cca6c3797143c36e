/** Names for the API's schemas that screens use often; all generated, none written by hand. */
import type { components } from "./schema";

type S = components["schemas"];
export type Program = S["Program"];
export type ProgramStatus = Program["status"];
export type Task = S["Task"];
export type TaskStatus = Task["status"];
export type Member = S["Member"];
export type Organization = S["functions__orgs__models__Organization"];
export type ProgramSummary = S["ProgramSummary"];
export type LpjSections = S["LpjSections"];
export type LpjAttachment = S["LpjAttachment"];
export type CalendarEntry = S["CalendarEntry"];
export type CalendarWarning = S["CalendarWarning"];

export const PROGRAM_STATUSES: ProgramStatus[] = [
  "draft", "diajukan", "revisi", "disetujui", "dalam_progres", "ditunda", "selesai", "dibatalkan", "ditolak",
];
export const TASK_STATUSES: TaskStatus[] = ["belum_dimulai", "dalam_progres", "review", "selesai", "ditunda", "dibatalkan"];
export const FINAL_PROGRAM: ProgramStatus[] = ["selesai", "dibatalkan", "ditolak"];
