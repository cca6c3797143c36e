"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslations } from "use-intl";

import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import type { Program } from "@/lib/api/types";
import { useApp } from "@/lib/app/providers";
import { showFieldErrors } from "@/lib/forms";
import { useProblemText } from "@/lib/hooks/use-problem";

type Values = {
  kind: "pemasukan" | "pengeluaran"; category: string; description: string; quantity: string; unit: string;
  unit_price: string; actual_amount: string;
};
const FIELDS = ["kind", "category", "description", "quantity", "unit", "unit_price", "actual_amount"];

/** A budget line, entered by the program's PJ or its department; rupiah as exact decimals, never floats. */
export function BudgetForm({ program, onSaved }: { program: Program; onSaved: () => Promise<unknown> }) {
  const t = useTranslations();
  const { client } = useApp();
  const problemText = useProblemText();
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<Values>({
    defaultValues: { kind: "pengeluaran", quantity: "1" },
  });

  if (!open) return <div className="mt-3"><Button variant="secondary" onClick={() => setOpen(true)}>{t("budget.add")}</Button></div>;
  const submit = handleSubmit(async (v) => {
    setFailure(null);
    try {
      await client.POST("/programs/{program_id}/budget-items", {
        params: { path: { program_id: program.id } },
        body: {
          kind: v.kind, category: v.category.trim(), description: v.description.trim() || null,
          quantity: v.quantity.trim() || "1", unit: v.unit.trim() || null, unit_price: v.unit_price.trim(),
          actual_amount: v.actual_amount.trim() || null,
        },
      });
      reset();
      setOpen(false);
      await onSaved();
    } catch (error) {
      showFieldErrors(error, setError, FIELDS);
      setFailure(problemText(error));
    }
  });

  const e = formState.errors;
  return (
    <form onSubmit={submit} noValidate className="mt-3 flex flex-col gap-3 rounded-lg border border-slate-200 p-3">
      {failure && <Alert>{failure}</Alert>}
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField label={t("budget.kind")} {...register("kind")}>
          <option value="pengeluaran">{t("budget.pengeluaran")}</option>
          <option value="pemasukan">{t("budget.pemasukan")}</option>
        </SelectField>
        <TextField label={t("budget.category")} error={e.category?.message} {...register("category", { required: t("errors.required") })} />
        <TextField label={t("budget.description")} error={e.description?.message} {...register("description")} />
        <TextField label={t("budget.quantity")} inputMode="decimal" error={e.quantity?.message} {...register("quantity")} />
        <TextField label={t("budget.unit")} error={e.unit?.message} {...register("unit")} />
        <TextField label={t("budget.unitPrice")} inputMode="decimal" error={e.unit_price?.message}
          {...register("unit_price", { required: t("errors.required") })} />
        <TextField label={t("budget.actual")} inputMode="decimal" hint={t("common.optional")} error={e.actual_amount?.message}
          {...register("actual_amount")} />
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>{t("common.save")}</Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>{t("common.cancel")}</Button>
      </div>
    </form>
  );
}
