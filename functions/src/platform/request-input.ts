import type { z } from "zod";
import { HttpError } from "./http-error";

/** Body size limit of every operation (the platform in front allows 32 MB). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
const MAX_DEPTH = 32;

/**
 * Query string as plain strings (a repeated key becomes an array). We do not use express' `qs`
 * parsing: `?a[$gt]=` must stay the literal key "a[$gt]", never become an operator object.
 */
export function parseQuery(url: string): Record<string, string | string[]> {
  const search = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
  const values = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(search)) {
    const prev = values.get(key);
    values.set(key, prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]);
  }
  // fromEntries defines own properties, so `?__proto__=x` is a plain (rejected) key, not a prototype.
  return Object.fromEntries(values);
}

export function isJsonContentType(header: string | undefined): boolean {
  return !!header && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(header.trim());
}

/**
 * The JSON body of a request: `{}` when empty; 415 for another content type; 400 for bad JSON or a
 * top-level value that is not an object. Parsed from the raw bytes the framework kept.
 */
export function readJsonBody(contentType: string | undefined, raw: Buffer | undefined, parsed: unknown): unknown {
  const size = raw?.length ?? 0;
  if (size > MAX_BODY_BYTES) throw payloadTooLarge();
  if (size === 0 && isEmpty(parsed)) return {};
  if (!isJsonContentType(contentType)) {
    throw new HttpError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  let value: unknown;
  try {
    value = raw ? JSON.parse(raw.toString("utf8")) : parsed;
  } catch {
    throw new HttpError(400, "invalid_json", "The body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "invalid_body", "The body must be a JSON object");
  }
  return value;
}

export const payloadTooLarge = () => new HttpError(413, "payload_too_large", `The body exceeds ${MAX_BODY_BYTES / (1024 * 1024)} MB`);

/** What the framework leaves in req.body for an empty request, whatever its content type. */
const isEmpty = (v: unknown) =>
  v === undefined ||
  v === "" ||
  (Buffer.isBuffer(v) && v.length === 0) ||
  (typeof v === "object" && v !== null && !Buffer.isBuffer(v) && Object.keys(v).length === 0);

/**
 * Rejects MongoDB operator-style and prototype-polluting keys anywhere in the input, whatever the
 * schema says (defence in depth: a `z.record` or a future loose schema must not let `$gt` through).
 */
export function findForbiddenKey(value: unknown, path: (string | number)[] = [], depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return path.join(".") || "(root)";
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenKey(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) {
      if (key.startsWith("$") || key.includes("\u0000") || key === "__proto__" || key === "constructor" || key === "prototype") {
        return [...path, key].join(".");
      }
      const found = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key], depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

/** zod issues as the `details.fields` of a 400, each naming where (`body.displayName`) and why. */
export function fieldIssues(where: "params" | "query" | "body", error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const base = [where, ...issue.path.map(String)].join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ field: `${base}.${key}`, code: "unknown_field", message: "Unknown field" });
    } else {
      out.push({ field: base, code: issue.code, message: issue.message });
    }
  }
  return out;
}

export function validationError(fields: FieldIssue[]): HttpError {
  const names = [...new Set(fields.map((f) => f.field))].slice(0, 5).join(", ");
  return new HttpError(400, "validation_failed", `Invalid request: ${names}`, { details: { fields } });
}
