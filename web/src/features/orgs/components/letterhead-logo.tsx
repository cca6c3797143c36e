"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert, Loading } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { uploadToStore } from "@/lib/api/upload";
import { useApp } from "@/lib/app/providers";
import { useProblemText } from "@/lib/hooks/use-problem";

const TYPES = ["image/png", "image/jpeg"] as const;
const MAX_BYTES = 1024 * 1024;

const logoKey = (orgId: string) => ["get", "/orgs/{org_id}/letterhead/logo", { params: { path: { org_id: orgId } } }] as const;

/**
 * The logo printed left of the organization's name on its documents. The board picks a PNG or JPEG; it goes straight
 * to the file store, the API checks what arrived, and it replaces the logo before it.
 */
export function LetterheadLogo({ orgId }: { orgId: string }) {
  const t = useTranslations("org.letterhead.logo");
  const { client } = useApp();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [failure, setFailure] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [picker, setPicker] = useState(0); // a new key empties the file input
  const query = useQuery({
    queryKey: logoKey(orgId),
    queryFn: async () => (await client.GET("/orgs/{org_id}/letterhead/logo", { params: { path: { org_id: orgId } } })).data,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: logoKey(orgId) });

  async function choose(file: File | null) {
    setFailure(null);
    setFileError(undefined);
    if (!file) return;
    if (!(TYPES as readonly string[]).includes(file.type)) return setFileError(t("wrongType"));
    if (file.size > MAX_BYTES) return setFileError(t("tooLarge"));
    setBusy(true);
    try {
      const { data: created } = await client.POST("/orgs/{org_id}/letterhead/logo", {
        params: { path: { org_id: orgId } },
        body: { content_type: file.type as (typeof TYPES)[number], size_bytes: file.size },
      });
      if (!created) return;
      try {
        await uploadToStore(created.upload, file);
      } catch {
        setFailure(t("uploadFailed"));
        return;
      }
      await client.POST("/orgs/{org_id}/letterhead/logo/{logo_id}/uploaded", {
        params: { path: { org_id: orgId, logo_id: created.logo.id } },
      });
    } catch (error) {
      setFailure(problemText(error));
    } finally {
      setBusy(false);
      setPicker((n) => n + 1);
      await refresh();
    }
  }

  async function remove() {
    if (!window.confirm(t("confirmRemove"))) return;
    setFailure(null);
    try {
      await client.DELETE("/orgs/{org_id}/letterhead/logo", { params: { path: { org_id: orgId } } });
    } catch (error) {
      setFailure(problemText(error));
    }
    await refresh();
  }

  if (query.isError) return <Alert>{problemText(query.error)}</Alert>;
  if (!query.data) return <Loading label={t("label")} />;
  const { logo, may_edit: mayEdit } = query.data;
  return (
    <div className="flex flex-wrap items-start gap-4" role="group" aria-label={t("label")}>
      <div className="flex h-20 w-20 shrink-0 items-center justify-center rounded-md border border-slate-200 bg-white">
        {logo?.url ? <img src={logo.url} alt={t("current")} className="max-h-full max-w-full object-contain p-1" />
          : <span className="px-1 text-center text-xs text-slate-600">{t("none")}</span>}
      </div>
      <div className="flex min-w-0 flex-1 basis-56 flex-col gap-2">
        {failure && <Alert>{failure}</Alert>}
        {mayEdit && (
          <>
            <TextField key={picker} type="file" label={logo ? t("replace") : t("choose")} accept={TYPES.join(",")}
              hint={busy ? t("uploading") : t("limits")} error={fileError} disabled={busy}
              onChange={(e) => void choose(e.target.files?.[0] ?? null)} />
            {logo && <div><Button variant="secondary" onClick={remove} disabled={busy}>{t("remove")}</Button></div>}
          </>
        )}
      </div>
    </div>
  );
}
