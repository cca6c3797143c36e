/** RFC 9457 problem+json from the API, as one typed error the screens can show. */

export type FieldProblem = { field: string; message: string; code?: string };

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldProblem[];
  readonly retryAfterSeconds: number | null;

  constructor(status: number, body: unknown, retryAfter: string | null = null) {
    const problem = isProblem(body) ? body : null;
    const detail = problem?.detail ?? "";
    super(detail || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.title = problem?.title ?? "";
    this.detail = detail;
    this.errors = problem?.errors ?? [];
    const seconds = retryAfter === null ? Number.NaN : Number.parseInt(retryAfter, 10);
    this.retryAfterSeconds = Number.isFinite(seconds) ? seconds : null;
  }

  /**
   * Field messages keyed by the form's own field name: `body.planned_end` -> `planned_end`,
   * `body.period.name` -> `period.name`; query and path problems keep their prefix.
   */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const error of this.errors) {
      const name = error.field.startsWith("body.") ? error.field.slice("body.".length) : error.field;
      result[name] ??= error.message;
    }
    return result;
  }
}

/** The API could not be reached at all (down, offline, CORS refused): not an answer. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("network", { cause });
    this.name = "NetworkError";
  }
}

type ProblemBody = { title?: string; detail?: string; errors?: FieldProblem[] };

function isProblem(body: unknown): body is ProblemBody {
  return typeof body === "object" && body !== null && ("detail" in body || "title" in body);
}
