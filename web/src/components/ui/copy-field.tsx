"use client";

import { useId, useState } from "react";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";

/** A value to hand on (an invitation code or link, a secret shown once): selectable, with a button that copies it. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const t = useTranslations("common");
  const id = useId();
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("no"); // no clipboard (an http page, a refused permission): the field can still be selected
    }
  }

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">{label}</label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()}
          className="min-h-10 w-full min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900" />
        <Button variant="secondary" onClick={copy} aria-label={`${t("copy")}: ${label}`}>{t("copy")}</Button>
      </div>
      <p role="status" className="text-xs text-slate-600">
        {copied === "yes" ? t("copied") : copied === "no" ? t("copyFailed") : ""}
      </p>
    </div>
  );
}
