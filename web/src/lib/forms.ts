import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

import { ApiError } from "@/lib/api/problem";

/**
 * What the API said about each field (a 422's `errors`) goes under that field of the form, where the
 * user acted. `fields` are the form's own names (`planned_end`, `period.name`); others are left to the
 * form's general message.
 */
export function showFieldErrors<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>,
  fields: readonly string[]): void {
  if (!(error instanceof ApiError)) return;
  for (const [field, message] of Object.entries(error.fieldErrors())) {
    if (fields.includes(field)) setError(field as Path<T>, { message });
  }
}
