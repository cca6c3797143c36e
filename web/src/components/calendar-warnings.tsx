"use client";

import { useTranslations } from "use-intl";

import { Alert } from "@/components/ui/card";
import type { CalendarWarning } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { calendarDate } from "@/lib/i18n/format";

/** What a program's or a task's dates fall on in the academic calendar (exams, breaks) or national holidays:
 * a warning only, never a refusal. Nothing when there is none. */
export function CalendarWarnings({ warnings, heading }: { warnings: CalendarWarning[] | undefined; heading: string }) {
  const kind = useTranslations("programs.calendarKind");
  const { language } = useApp();
  if (!warnings?.length) return null;
  return (
    <Alert tone="info">
      <p className="font-medium">{heading}</p>
      <ul className="mt-1 list-disc pl-5">
        {warnings.map((w) => (
          <li key={`${w.kind}-${w.starts_on}-${w.name}`}>
            {w.name} ({kind(w.kind)},{" "}
            {w.starts_on === w.ends_on ? calendarDate(w.starts_on, language)
              : `${calendarDate(w.starts_on, language)} – ${calendarDate(w.ends_on, language)}`})
          </li>
        ))}
      </ul>
    </Alert>
  );
}
