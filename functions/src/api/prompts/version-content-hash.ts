import { createHash } from "node:crypto";
import type { VersionContent } from "./prompts-store";

/** What a version does: its template, its variables (declared and implicit, as stored) and its model settings. */
export type HashedContent = Pick<VersionContent, "template" | "variables" | "settings">;

/** JSON with every object's keys sorted: one text per value, whatever order its keys arrived in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? // fromEntries defines own properties, so a key named __proto__ stays an ordinary key.
        Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/**
 * The content hash of a version (`sha256:<hex>`): equal for two versions that render the same way
 * with the same settings, whatever their number, author or commit message. Imports compare it to
 * recognise a version they wrote before; it is stored on every version (`content_hash`).
 */
export function versionContentHash(content: HashedContent): string {
  const canonical = canonicalJson({ template: content.template, variables: content.variables, settings: content.settings });
  return `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
}
