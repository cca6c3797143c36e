import { useQuery, useQueryClient } from "@tanstack/react-query";

import type { Member, Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { useMembers, type Role } from "@/lib/org";

export type ProgramFilters = { department_id?: string; status?: Program["status"]; late?: boolean; q?: string };

export function usePrograms(orgId: string | undefined, filters: ProgramFilters = {}, limit = 100) {
  const { $api } = useApp();
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== "" && v !== false));
  return $api.useQuery("get", "/programs", {
    params: { query: { organization_id: orgId ?? "", limit, sort: "planned_end", ...query } },
  }, { enabled: !!orgId });
}

export function useSummary(orgId: string | undefined) {
  const { $api } = useApp();
  return $api.useQuery("get", "/programs/summary", { params: { query: { organization_id: orgId ?? "" } } },
    { enabled: !!orgId });
}

/**
 * One program with its ETag: edits and transitions send it back as If-Match, so a change made
 * meanwhile by someone else is a 412, not silently overwritten.
 */
export function useProgram(programId: string | null) {
  const { client } = useApp();
  return useQuery({
    queryKey: ["get", "/programs/{program_id}", { params: { path: { program_id: programId } } }],
    enabled: !!programId,
    queryFn: async () => {
      const { data, response } = await client.GET("/programs/{program_id}", { params: { path: { program_id: programId! } } });
      return { program: data as Program, etag: response.headers.get("ETag") };
    },
  });
}

export function useInvalidatePrograms() {
  const queryClient = useQueryClient();
  return () => Promise.all([
    queryClient.invalidateQueries({ queryKey: ["get", "/programs"] }),
    queryClient.invalidateQueries({ queryKey: ["get", "/programs/summary"] }),
    queryClient.invalidateQueries({ queryKey: ["get", "/programs/{program_id}"] }),
    queryClient.invalidateQueries({ queryKey: ["get", "/programs/{program_id}/history"] }),
    queryClient.invalidateQueries({ queryKey: ["get", "/programs/{program_id}/activity"] }),
  ]);
}

/** What DOMAIN.md lets a role do with a program; the API refuses the rest all the same. */
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

export function useMe(orgId: string | undefined): Member | undefined {
  const { state } = useApp();
  return useMembers(orgId).data?.items.find((m) => m.user_id === state?.user.id);
}
