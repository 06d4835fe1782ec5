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

export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    details: z.unknown().optional(),
  }),
});
