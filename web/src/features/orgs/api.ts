import { useQueryClient } from "@tanstack/react-query";

import type { components } from "@/lib/api/schema";
import { useApp } from "@/lib/app/providers";
import type { Role } from "@/lib/org";

type S = components["schemas"];
export type OrgType = S["OrganizationCreate"]["type"];
export type Invitation = S["Invitation"];
export type InvitationStatus = Invitation["status"];
export type MyInvitation = S["MyInvitation"];
export type Period = S["functions__orgs__models__Period"];
export type Department = S["functions__orgs__models__Department"];

export const ORG_TYPES: OrgType[] = ["bem", "dpm", "hima", "ukm", "osis", "other"];
export const ROLES: Role[] = [
  "ketua", "wakil_ketua", "sekretaris", "bendahara", "kepala_departemen", "wakil_kepala_departemen", "anggota", "pembina",
];
/** The organization's time zones people pick from: Indonesia's three. */
export const INDONESIAN_TIME_ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"] as const;

/** Who may see and send invitations (docs/domain.md, "Who may do what": the board, and the sekretaris for members). */
export const canInvite = (role: Role | null) => role === "ketua" || role === "wakil_ketua" || role === "sekretaris";
/** The roles a role may invite into: only the board invites into the board. */
export const invitableRoles = (role: Role | null): Role[] =>
  role === "ketua" || role === "wakil_ketua" ? ROLES : ROLES.filter((r) => r !== "ketua" && r !== "wakil_ketua");

export function useMyInvitations() {
  const { $api, state } = useApp();
  return $api.useQuery("get", "/orgs/invitations/mine", {}, { enabled: !!state });
}

export function useInvitations(orgId: string | undefined, enabled: boolean) {
  const { $api } = useApp();
  return $api.useQuery("get", "/orgs/{org_id}/invitations", {
    params: { path: { org_id: orgId ?? "" }, query: { limit: 100 } },
  }, { enabled: !!orgId && enabled });
}

/** After joining, creating or changing anything of an organization: everything it shows is asked again. */
export function useInvalidateOrgs() {
  const queryClient = useQueryClient();
  return () => Promise.all([
    "/orgs", "/orgs/invitations/mine", "/orgs/{org_id}", "/orgs/{org_id}/members", "/orgs/{org_id}/departments",
    "/orgs/{org_id}/invitations", "/orgs/{org_id}/periods",
  ].map((path) => queryClient.invalidateQueries({ queryKey: ["get", path] })));
}

/** The link that opens /org/ with the code already filled in. */
export function invitationLink(code: string): string {
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return `${origin}/org/?code=${encodeURIComponent(code)}`;
}

/** A member's name as people know it: the profile's name, else the e-mail, else a short id. */
export function personLabel(m: { user_id: string; display_name?: string | null; email?: string | null }): string {
  return m.display_name ?? m.email ?? m.user_id.slice(0, 8);
}
