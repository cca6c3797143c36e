"use client";

import {
  DndContext, KeyboardSensor, PointerSensor, pointerWithin, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent,
} from "@dnd-kit/core";
import { useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";

import { Alert, Loading } from "@/components/ui/card";
import { ApiError } from "@/lib/api/problem";
import type { Program, Task, TaskStatus } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { useProblemText } from "@/lib/hooks/use-problem";

import { BOARD_COLUMNS, useInvalidateTasks, useProgramTasks } from "../api";
import { TaskCard } from "./task-card";
import { TaskForm } from "./task-form";

/**
 * A column per status. Dropping a card on another column asks the API for that transition;
 * what it refuses (the lifecycle, the role) is said in words above the board and the card
 * stays where it was. Each card also has a "move to" menu for the keyboard and small screens.
 */
export function Kanban({ program, canManage }: { program: Program; canManage: boolean }) {
  const t = useTranslations();
  const { client, state } = useApp();
  const tasks = useProgramTasks(program.id);
  const invalidate = useInvalidateTasks();
  const problemText = useProblemText();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));

  // assignees move their own tasks, but reopening a finished one is for the program's owners
  const mayMove = (task: Task) => canManage || (!!state && task.assignees.includes(state.user.id) && task.status !== "selesai");

  async function move(task: Task, to: TaskStatus) {
    if (task.status === to) return;
    setMessage(null);
    try {
      await client.POST("/tasks/{task_id}/transitions", { params: { path: { task_id: task.id } }, body: { to } });
      setMessage({ tone: "success", text: t("tasks.moved", { task: task.title, status: t(`taskStatus.${to}`) }) });
    } catch (error) {
      const reason = error instanceof ApiError && error.status === 409 && !task.allowed_transitions.includes(to)
        ? t("tasks.notAllowed", {
          from: t(`taskStatus.${task.status}`),
          allowed: task.allowed_transitions.map((s) => t(`taskStatus.${s}`)).join(", ") || t("common.none"),
        })
        : problemText(error);
      setMessage({ tone: "error", text: t("tasks.refused", { task: task.title, reason }) });
    }
    await invalidate();
  }

  function onDragEnd(event: DragEndEvent) {
    const task = tasks.data?.items.find((x) => x.id === event.active.id);
    const to = event.over?.id as TaskStatus | undefined;
    if (task && to) void move(task, to);
  }

  if (tasks.isError) return <Alert>{problemText(tasks.error)}</Alert>;
  if (!tasks.data) return <Loading label={t("app.loading")} />;
  const visible = BOARD_COLUMNS.filter((s) => s !== "dibatalkan" || tasks.data.items.some((x) => x.status === s));

  return (
    <div className="flex flex-col gap-3">
      {canManage && <TaskForm program={program} />}
      <p className="text-xs text-slate-600">{t("tasks.dragHint")}</p>
      <div aria-live="polite">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>
      <DndContext sensors={sensors} collisionDetection={pointerWithin} onDragEnd={onDragEnd}>
        <div role="region" aria-label={t("tasks.board")}
          className="grid grid-cols-1 gap-2 pb-2 sm:auto-cols-[minmax(15rem,1fr)] sm:grid-flow-col sm:grid-cols-none sm:gap-3 sm:overflow-x-auto">
          {visible.map((status) => {
            const items = tasks.data.items.filter((x) => x.status === status);
            return (
              <Column key={status} status={status} title={`${t(`taskStatus.${status}`)} (${items.length})`}>
                {items.map((task) => (
                  <Draggable key={task.id} id={task.id} disabled={!mayMove(task)}>
                    <TaskCard task={task} onMove={mayMove(task) ? (to) => void move(task, to) : undefined} />
                  </Draggable>
                ))}
              </Column>
            );
          })}
        </div>
      </DndContext>
    </div>
  );
}

function Column({ status, title, children }: { status: TaskStatus; title: string; children: ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: status });
  return (
    <section ref={setNodeRef} aria-label={title} data-status={status}
      className={`flex min-h-14 flex-col gap-2 rounded-lg border p-2 sm:min-h-40 ${isOver ? "border-brand-600 bg-brand-50" : "border-slate-200 bg-slate-100"}`}>
      <h3 className="px-1 text-sm font-semibold text-slate-800">{title}</h3>
      {children}
    </section>
  );
}

function Draggable({ id, disabled, children }: { id: string; disabled: boolean; children: ReactNode }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id, disabled });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined;
  return (
    <div ref={setNodeRef} style={style} {...listeners} {...attributes} role="group" aria-roledescription="draggable"
      className={`${disabled ? "" : "cursor-grab touch-none"} ${isDragging ? "z-10 opacity-80" : ""}`}>
      {children}
    </div>
  );
}
