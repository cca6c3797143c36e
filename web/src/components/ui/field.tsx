import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

/** A label, the control and, when the API or the form refused it, the reason right below it. */
function Field({ label, error, hint, children }: {
  label: string; error?: string; hint?: string; children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">{label}</label>
      {children(id, describedBy)}
      {hint && <p id={hintId} className="text-xs text-slate-600">{hint}</p>}
      {error && <p id={errorId} className="text-sm text-red-700" role="alert">{error}</p>}
    </div>
  );
}

const control = "min-h-10 w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-500";
const border = (error?: string) => (error ? "border-red-600" : "border-slate-300");

type Common = { label: string; error?: string; hint?: string };

export function TextField({ label, error, hint, className = "", ...props }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(id, describedBy) => (
        <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy}
          className={`${control} ${border(error)} ${className}`} {...props} />
      )}
    </Field>
  );
}

export function TextArea({ label, error, hint, className = "", ...props }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(id, describedBy) => (
        <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} rows={3}
          className={`${control} ${border(error)} ${className}`} {...props} />
      )}
    </Field>
  );
}

export function SelectField({ label, error, hint, className = "", children, ...props }:
  Common & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(id, describedBy) => (
        <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy}
          className={`${control} ${border(error)} ${className}`} {...props}>
          {children}
        </select>
      )}
    </Field>
  );
}
