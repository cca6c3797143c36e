/** The organizations I belong to, the one I am looking at, its members and departments. */
import { useEffect } from "react";

import { useApp } from "@/lib/app/providers";

export type Role =
  | "ketua" | "wakil_ketua" | "sekretaris" | "bendahara" | "kepala_departemen" | "wakil_kepala_departemen"
  | "anggota" | "pembina";

export function useOrganizations() {
  const { $api, state } = useApp();
  return $api.useQuery("get", "/orgs", {}, { enabled: !!state });
}

/** The selected organization (remembered per browser), else the first of mine. */
export function useCurrentOrg() {
  const { orgId, setOrgId } = useApp();
  const orgs = useOrganizations();
  const items = orgs.data?.items ?? [];
  const current = items.find((org) => org.id === orgId) ?? items[0] ?? null;
  useEffect(() => {
    if (current && current.id !== orgId) setOrgId(current.id);
  }, [current, orgId, setOrgId]);
  return { org: current, orgs: items, query: orgs, role: (current?.my_role ?? null) as Role | null };
}

export function useMembers(orgId: string | undefined) {
  const { $api } = useApp();
  return $api.useQuery("get", "/orgs/{org_id}/members", { params: { path: { org_id: orgId ?? "" }, query: { limit: 100 } } },
    { enabled: !!orgId, staleTime: 60_000 });
}

/** The organization's periods of office (every member reads them, finished ones too). */
export function usePeriods(orgId: string | undefined) {
  const { $api } = useApp();
  return $api.useQuery("get", "/orgs/{org_id}/periods", { params: { path: { org_id: orgId ?? "" } } },
    { enabled: !!orgId, staleTime: 60_000 });
}

/** The departments of a period: the active one unless ``periodId`` names another. */
export function useDepartments(orgId: string | undefined, periodId?: string) {
  const { $api } = useApp();
  return $api.useQuery("get", "/orgs/{org_id}/departments", {
    params: { path: { org_id: orgId ?? "" }, query: periodId ? { period_id: periodId } : {} },
  }, { enabled: !!orgId, staleTime: 60_000 });
}

export const BOARD: Role[] = ["ketua", "wakil_ketua"];
export const isBoard = (role: Role | null) => !!role && BOARD.includes(role);
