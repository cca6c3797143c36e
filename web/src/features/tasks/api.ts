import { useQuery, useQueryClient } from "@tanstack/react-query";

import type { Task, TaskStatus } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";

export function useProgramTasks(programId: string) {
  const { $api } = useApp();
  return $api.useQuery("get", "/programs/{program_id}/tasks", { params: { path: { program_id: programId }, query: { limit: 100 } } });
}

/** One task with its ETag, which an edit sends back as If-Match (a change made meanwhile is a 412). */
export function useTask(taskId: string) {
  const { client } = useApp();
  return useQuery({
    queryKey: ["get", "/tasks/{task_id}", { params: { path: { task_id: taskId } } }],
    queryFn: async () => {
      const { data, response } = await client.GET("/tasks/{task_id}", { params: { path: { task_id: taskId } } });
      return { task: data as Task, etag: response.headers.get("ETag") };
    },
  });
}

export function useMyTasks() {
  const { $api } = useApp();
  return $api.useQuery("get", "/me/tasks", { params: { query: { limit: 100 } } });
}

/** After a task changes, everything that shows it or counts it is asked again. */
export function useInvalidateTasks() {
  const queryClient = useQueryClient();
  return () => Promise.all([
    "/programs/{program_id}/tasks", "/me/tasks", "/tasks/{task_id}", "/tasks/{task_id}/history", "/programs",
    "/programs/{program_id}", "/programs/summary",
  ].map((path) => queryClient.invalidateQueries({ queryKey: ["get", path] })));
}

/** Late first, then by due date (none last), then by title: what needs attention on top. */
export function sortForAttention(tasks: Task[]): Task[] {
  return [...tasks].sort((a, b) => {
    if (a.late !== b.late) return a.late ? -1 : 1;
    if (a.due_date !== b.due_date) {
      if (!a.due_date) return 1;
      if (!b.due_date) return -1;
      return a.due_date.localeCompare(b.due_date);
    }
    return a.title.localeCompare(b.title);
  });
}

export const BOARD_COLUMNS: TaskStatus[] = ["belum_dimulai", "dalam_progres", "review", "selesai", "ditunda", "dibatalkan"];
