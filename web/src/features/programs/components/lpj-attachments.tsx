"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Card, Loading } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import type { LpjAttachment } from "@/lib/api/types";
import { uploadToStore } from "@/lib/api/upload";
import { useApp } from "@/lib/app/providers";
import { useProblemText } from "@/lib/hooks/use-problem";

const KINDS = ["dokumentasi", "kuitansi", "daftar_hadir", "proposal", "lainnya"] as const;
const TYPES = ["image/jpeg", "image/png", "application/pdf"] as const;
const MAX_BYTES = 10 * 1024 * 1024;

const attachmentsKey = (programId: string) =>
  ["get", "/programs/{program_id}/lpj/attachments", { params: { path: { program_id: programId } } }] as const;

function size(bytes: number, language: string): string {
  const format = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  return bytes < 1_000_000 ? `${format.format(Math.max(1, Math.round(bytes / 1000)))} KB` : `${format.format(bytes / 1_000_000)} MB`;
}

/**
 * The LPJ's attachments: documentation photos (printed in the LPJ's PDF), receipts, attendance lists, the proposal.
 * Who may write the LPJ picks a file, names it and uploads it; it goes straight to the file store, and the API checks
 * what arrived before listing it. Every member opens them.
 */
export function LpjAttachments({ programId }: { programId: string }) {
  const t = useTranslations();
  const { $api, client, language } = useApp();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<(typeof KINDS)[number]>("dokumentasi");
  const [title, setTitle] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [titleError, setTitleError] = useState<string | undefined>();
  const [picker, setPicker] = useState(0);  // a new key empties the file input
  const [budgetItem, setBudgetItem] = useState("");  // the budget item a receipt is for
  const budget = $api.useQuery("get", "/programs/{program_id}/budget-items", { params: { path: { program_id: programId } } });
  const query = useQuery({
    queryKey: attachmentsKey(programId),
    queryFn: async () => (await client.GET("/programs/{program_id}/lpj/attachments", {
      params: { path: { program_id: programId } },
    })).data,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: attachmentsKey(programId) });

  function choose(chosen: File | null) {
    setFileError(undefined);
    setFile(chosen);
    if (!chosen) return;
    if (!(TYPES as readonly string[]).includes(chosen.type)) setFileError(t("lpjAttachments.wrongType"));
    else if (chosen.size > MAX_BYTES) setFileError(t("lpjAttachments.tooLarge"));
    else if (!title.trim()) setTitle(chosen.name.replace(/\.[^.]+$/, ""));
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setTitleError(title.trim() ? undefined : t("lpjAttachments.titleRequired"));
    if (!file) setFileError(t("lpjAttachments.fileRequired"));
    if (!file || !title.trim() || fileError) return;
    setBusy(true);
    try {
      const { data: created } = await client.POST("/programs/{program_id}/lpj/attachments", {
        params: { path: { program_id: programId } },
        body: {
          kind, title: title.trim(), filename: file.name, content_type: file.type as (typeof TYPES)[number], size_bytes: file.size,
          budget_item_id: kind === "kuitansi" && budgetItem ? budgetItem : null,
        },
      });
      if (!created) return;
      try {
        await uploadToStore(created.upload, file);
      } catch {
        setFailure(t("lpjAttachments.uploadFailed"));  // the record stays, marked not uploaded: remove it or try again
        return;
      }
      await client.POST("/programs/{program_id}/lpj/attachments/{attachment_id}/uploaded", {
        params: { path: { program_id: programId, attachment_id: created.attachment.id } },
      });
      setTitle("");
      setFile(null);
      setBudgetItem("");
      setPicker((n) => n + 1);
    } catch (error) {
      setFailure(problemText(error));
    } finally {
      setBusy(false);
      await refresh();
    }
  }

  async function remove(attachment: LpjAttachment) {
    if (!window.confirm(t("lpjAttachments.confirmRemove", { title: attachment.title }))) return;
    setFailure(null);
    try {
      await client.DELETE("/programs/{program_id}/lpj/attachments/{attachment_id}", {
        params: { path: { program_id: programId, attachment_id: attachment.id } },
      });
    } catch (error) {
      setFailure(problemText(error));
    }
    await refresh();
  }

  async function nameItem(attachment: LpjAttachment, budgetItemId: string) {
    setFailure(null);
    try {
      await client.PATCH("/programs/{program_id}/lpj/attachments/{attachment_id}", {
        params: { path: { program_id: programId, attachment_id: attachment.id } },
        body: { budget_item_id: budgetItemId || null },
      });
    } catch (error) {
      setFailure(problemText(error));
    }
    await refresh();
  }

  const itemName = (id: string) => budget.data?.items.find((item) => item.id === id)?.category ?? "…";

  if (query.isError) return <Alert>{problemText(query.error)}</Alert>;
  if (!query.data) return <Loading label={t("app.loading")} />;
  const { items, may_edit: mayEdit } = query.data;
  return (
    <Card title={t("lpjAttachments.title")}>
      <div className="flex max-w-3xl flex-col gap-3">
        <p className="text-sm text-slate-700">{mayEdit ? t("lpjAttachments.intro") : t("lpjAttachments.readOnly")}</p>
        {failure && <Alert>{failure}</Alert>}
        {items.length === 0 ? (
          <p className="text-sm text-slate-600">{t("lpjAttachments.none")}</p>
        ) : (
          <ul className="flex flex-col divide-y divide-slate-200 rounded-md border border-slate-200" aria-label={t("lpjAttachments.title")}>
            {items.map((item) => (
              <li key={item.id} className="flex flex-wrap items-center gap-3 p-2 text-sm">
                {item.url && item.content_type.startsWith("image/") ? (
                  <img src={item.url} alt="" className="h-12 w-16 rounded object-cover" />
                ) : (
                  <span aria-hidden className="flex h-12 w-16 items-center justify-center rounded bg-slate-100 text-xs text-slate-600">
                    {item.content_type === "application/pdf" ? "PDF" : "…"}
                  </span>
                )}
                <div className="min-w-0 flex-1 basis-40">
                  <p className="font-medium text-slate-900">
                    {item.url ? <a className="underline" href={item.url} target="_blank" rel="noreferrer">{item.title}</a> : item.title}
                  </p>
                  <p className="text-slate-600">
                    {t(`lpjAttachments.kind.${item.kind}`)} · {item.filename} · {size(item.size_bytes, language)}
                    {item.budget_item_id && !(mayEdit && item.kind === "kuitansi")
                      && ` · ${t("lpjAttachments.forItem", { item: itemName(item.budget_item_id) })}`}
                    {!item.uploaded && ` · ${t("lpjAttachments.notUploaded")}`}
                  </p>
                </div>
                {mayEdit && item.kind === "kuitansi" && (
                  <select aria-label={t("lpjAttachments.itemOf", { title: item.title })} value={item.budget_item_id ?? ""}
                    onChange={(e) => nameItem(item, e.target.value)}
                    className="max-w-56 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900">
                    <option value="">{t("lpjAttachments.noBudgetItem")}</option>
                    {(budget.data?.items ?? []).map((budgetItem) => (
                      <option key={budgetItem.id} value={budgetItem.id}>
                        {budgetItem.category}{budgetItem.description ? ` – ${budgetItem.description}` : ""}
                      </option>
                    ))}
                  </select>
                )}
                {mayEdit && (
                  <Button variant="secondary" onClick={() => remove(item)} aria-label={t("lpjAttachments.removeNamed", { title: item.title })}>
                    {t("lpjAttachments.remove")}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
        {mayEdit && (
          <form onSubmit={add} noValidate className="grid gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-2">
            <SelectField label={t("lpjAttachments.kindLabel")} value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
              {KINDS.map((k) => <option key={k} value={k}>{t(`lpjAttachments.kind.${k}`)}</option>)}
            </SelectField>
            <TextField label={t("lpjAttachments.titleLabel")} value={title} maxLength={200} error={titleError}
              onChange={(e) => setTitle(e.target.value)} />
            {kind === "kuitansi" && (
              <div className="sm:col-span-2">
                <SelectField label={t("lpjAttachments.budgetItem")} value={budgetItem} onChange={(e) => setBudgetItem(e.target.value)}>
                  <option value="">{t("lpjAttachments.noBudgetItem")}</option>
                  {(budget.data?.items ?? []).map((item) => (
                    <option key={item.id} value={item.id}>{item.category}{item.description ? ` – ${item.description}` : ""}</option>
                  ))}
                </SelectField>
              </div>
            )}
            <TextField key={picker} type="file" label={t("lpjAttachments.file")} accept={TYPES.join(",")} error={fileError}
              hint={t("lpjAttachments.limits")} onChange={(e) => choose(e.target.files?.[0] ?? null)} />
            <div className="flex items-end">
              <Button type="submit" disabled={busy}>{busy ? t("lpjAttachments.uploading") : t("lpjAttachments.upload")}</Button>
            </div>
          </form>
        )}
      </div>
    </Card>
  );
}
