"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { useTranslations } from "use-intl";

import { useMembers } from "@/lib/org";

/** Who a task can be given to: the period's active members, the pembina excepted (the API's rule too). */
export function AssigneePicker({ organizationId, field, error }: {
  organizationId: string; field: UseFormRegisterReturn; error?: string;
}) {
  const t = useTranslations("tasks");
  const members = useMembers(organizationId);
  const people = (members.data?.items ?? []).filter((m) => m.active && m.role !== "pembina");
  return (
    <fieldset>
      <legend className="text-sm font-medium">{t("assignees")}</legend>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      <div className="mt-1 grid max-h-48 gap-1 overflow-y-auto sm:grid-cols-3">
        {people.map((m) => (
          <label key={m.user_id} className="flex items-center gap-2 text-sm">
            <input type="checkbox" value={m.user_id} className="h-4 w-4" {...field} />
            {m.display_name ?? m.email ?? m.user_id.slice(0, 8)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
