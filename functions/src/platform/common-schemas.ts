import { z } from "zod";

/** Building blocks every request schema uses, so that every string is bounded. */
export const Uid = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, "must be a Firebase uid (letters, digits, _ and -)");

export const IsoDate = z.iso.datetime();

/** Strips control characters that have no business in a display string. */
export const DisplayText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => s.replace(/[\u0000-\u001f\u007f]/g, "").trim());

// Schemas named with `.meta({ id })` become components of the OpenAPI document, referenced by `$ref`
// wherever they are used (see platform/openapi.ts). The id is the constant's name.

/** The one error body every operation answers with. */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "ErrorResponse" });

/** Who owns a prompt or a project: a user, or a team. */
export const Owner = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("user"), uid: z.string() }),
    z.object({ kind: z.literal("team"), teamId: z.string() }),
  ])
  .meta({ id: "Owner" });

/** An opaque page cursor as the list operations hand it out (base64url): bounded, never parsed before this check. */
export const PageCursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/);
