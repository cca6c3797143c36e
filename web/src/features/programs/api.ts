import { useQuery, useQueryClient } from "@tanstack/react-query";

import type { Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";

export type ProgramFilters = { period_id?: string; department_id?: string; status?: Program["status"]; late?: boolean; q?: string };

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

