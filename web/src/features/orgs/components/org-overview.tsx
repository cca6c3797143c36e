"use client";

import { useTranslations } from "use-intl";

import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { Organization } from "@/lib/api/types";
import type { Role } from "@/lib/org";

/** Who the organization is and who I am in it. */
export function OrgOverview({ org, role }: { org: Organization; role: Role | null }) {
  const t = useTranslations();
  return (
    <Card title={org.name}>
      <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        {org.short_name && (<><dt className="text-slate-600">{t("org.shortName")}</dt><dd>{org.short_name}</dd></>)}
        <dt className="text-slate-600">{t("org.type")}</dt>
        <dd>{t(`org.types.${org.type}`)}</dd>
        {org.institution && (<><dt className="text-slate-600">{t("org.institution")}</dt><dd>{org.institution}</dd></>)}
        <dt className="text-slate-600">{t("org.timeZone")}</dt>
        <dd>{org.time_zone}</dd>
        <dt className="text-slate-600">{t("org.myRole")}</dt>
        <dd>{role ? <Badge tone="blue">{t(`role.${role}`)}</Badge> : t("org.noRole")}</dd>
      </dl>
    </Card>
  );
}
