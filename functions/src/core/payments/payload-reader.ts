/**
 * Typed reads from a provider payload, whose shape varies by API version: every accessor returns
 * undefined for a missing or mistyped field instead of throwing, and `need*` throws a
 * `PayloadError` naming the field (the pipeline records such an event as unprocessable).
 */
export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PayloadError";
  }
}

export interface PayloadReader {
  value(path: string): unknown;
  str(path: string): string | undefined;
  int(path: string): number | undefined;
  bool(path: string): boolean | undefined;
  obj(path: string): PayloadReader | undefined;
  list(path: string): PayloadReader[];
  /** A string id, or the `id` of an expanded object (Stripe expands ids into objects on request). */
  id(path: string): string | undefined;
  /** Unix seconds or an ISO string, as a Date. */
  date(path: string): Date | undefined;
  needStr(path: string): string;
  needInt(path: string): number;
  needDate(path: string): Date;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function payloadReader(root: unknown, prefix = ""): PayloadReader {
  const value = (path: string): unknown =>
    path.split(".").reduce<unknown>((cur, key) => (isRecord(cur) && Object.hasOwn(cur, key) ? cur[key] : undefined), root);
  const where = (path: string) => (prefix ? `${prefix}.${path}` : path);
  const reader: PayloadReader = {
    value,
    str: (path) => {
      const v = value(path);
      return typeof v === "string" && v.length > 0 ? v : undefined;
    },
    int: (path) => {
      const v = value(path);
      // Paddle sends amounts as strings of minor units.
      const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
      return typeof n === "number" && Number.isSafeInteger(n) ? n : undefined;
    },
    bool: (path) => {
      const v = value(path);
      return typeof v === "boolean" ? v : undefined;
    },
    obj: (path) => {
      const v = value(path);
      return isRecord(v) ? payloadReader(v, where(path)) : undefined;
    },
    list: (path) => {
      const v = value(path);
      return Array.isArray(v) ? v.filter(isRecord).map((item, i) => payloadReader(item, `${where(path)}[${i}]`)) : [];
    },
    id: (path) => reader.str(path) ?? reader.obj(path)?.str("id"),
    date: (path) => {
      const v = value(path);
      if (typeof v === "number" && Number.isFinite(v)) return new Date(v * 1000);
      if (typeof v === "string" && v) {
        const t = Date.parse(v);
        return Number.isNaN(t) ? undefined : new Date(t);
      }
      return undefined;
    },
    needStr: (path) => reader.str(path) ?? fail(path, "a string"),
    needInt: (path) => reader.int(path) ?? fail(path, "an integer"),
    needDate: (path) => reader.date(path) ?? fail(path, "a time"),
  };
  const fail = (path: string, what: string): never => {
    throw new PayloadError(`${where(path)} is missing or not ${what}`);
  };
  return reader;
}
