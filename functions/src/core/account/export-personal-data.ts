import type { Services } from "../../services";
import { personalDataSources } from "./personal-data";

/** Stated in every export, so the user knows what is left out and why. */
export const EXPORT_NOTES = [
  "Each collection lists the documents you own; secrets are left out: API key hashes, vault ciphertext and wrapped vault keys.",
  "Vault items are exported as metadata only (kind, title, size, dates). Reveal an item to read its content.",
];

/** Plain JSON: ObjectIds as hex, Dates as ISO strings, binary data dropped. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType === "ObjectId") return (value as { toHexString(): string }).toHexString();
  if (bsonType || Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  return Object.fromEntries(
    Object.entries(value)
      .map(([k, v]) => [k, toJsonValue(v)])
      .filter(([, v]) => v !== undefined),
  );
}

/** Where the export goes: `write` returns false when the reader is slower than us; `drained` waits. */
export interface ExportSink {
  write(chunk: string): unknown;
  drained(): Promise<void>;
}

export interface ExportHead {
  uid: string;
  exportedAt: string;
  notes: string[];
}

/**
 * Writes everything the user owns as one JSON document — `{uid, exportedAt, notes, collections:
 * {name: [documents]}}`, each registered collection without the fields it excludes — while reading it:
 * documents come from a cursor in batches and leave in chunks of about `chunkBytes`, so memory stays
 * bounded by one batch and one chunk however much the user owns. Stops when `signal` aborts.
 */
export async function streamPersonalData(
  services: Pick<Services, "store" | "db">,
  head: ExportHead,
  sink: ExportSink,
  signal: AbortSignal,
  opts: { batchSize?: number; chunkBytes?: number } = {},
): Promise<void> {
  const { batchSize = 200, chunkBytes = 64 * 1024 } = opts;
  const sources = await personalDataSources(services);
  let pending = "";
  const flush = async () => {
    if (!pending) return;
    const chunk = pending;
    pending = "";
    if (sink.write(chunk) === false) await sink.drained();
  };
  const emit = async (text: string) => {
    pending += text;
    if (pending.length >= chunkBytes) await flush();
  };
  await emit(`${JSON.stringify(head).slice(0, -1)},"collections":{`);
  for (const [i, source] of sources.entries()) {
    await emit(`${i ? "," : ""}${JSON.stringify(source.collection)}:[`);
    const cursor = source.find(head.uid, batchSize);
    try {
      let first = true;
      for await (const doc of cursor) {
        if (signal.aborted) return;
        await emit(`${first ? "" : ","}${JSON.stringify(toJsonValue(doc))}`);
        first = false;
      }
    } finally {
      await cursor.close();
    }
    await emit("]");
  }
  await emit("}}");
  await flush();
}
