/**
 * Who may do what with a program and its tasks (docs/domain.md, "Who may do what"), to hide what a role
 * cannot do; the API refuses it all the same.
 */
import type { Member, Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { useMembers, type Role } from "@/lib/org";

export function programRights(role: Role | null, me: Member | undefined, program: Program | undefined) {
  const board = role === "ketua" || role === "wakil_ketua";
  const ownDepartment = role === "kepala_departemen" && !!program && program.department_id === me?.department_id;
  const pj = !!program && !!me && program.person_in_charge === me.user_id;
  const edit = board || ownDepartment || pj;
  return {
    edit,
    approve: board,
    create: board || role === "kepala_departemen",
    manageTasks: edit || role === "sekretaris",
    transition: (to: Program["status"]) => (["disetujui", "revisi", "ditolak"].includes(to) ? board : edit),
  };
}

/** My membership in the organization (the active period), from the member list every page shares. */
export function useMe(orgId: string | undefined): Member | undefined {
  const { state } = useApp();
  return useMembers(orgId).data?.items.find((m) => m.user_id === state?.user.id);
}
