import { z } from "zod";
import { DisplayText } from "../../platform/common-schemas";
import { Preferences, Theme, UserProfile, defaultPreferences } from "../../core/users/user-profile.schema";

export { Preferences, Theme, UserProfile, defaultPreferences };

/**
 * `referralClick`: the click id POST /partners/clicks returned when the user followed a referral
 * link; counted only on the profile's first call (sign-up), and only if our server recorded it.
 */
export const GetMeQuery = z.strictObject({
  referralClick: z
    .string()
    .regex(/^[0-9a-f]{24}$/, "must be a 24-character lowercase hex id")
    .optional(),
});
export type GetMeQuery = z.infer<typeof GetMeQuery>;

const Locale = z
  .string()
  .min(2)
  .max(35)
  .refine((value) => {
    try {
      return Intl.getCanonicalLocales(value).length === 1;
    } catch {
      return false;
    }
  }, "must be a BCP 47 language tag, e.g. en or pt-BR")
  .transform((value) => Intl.getCanonicalLocales(value)[0]);

const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((value) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone, e.g. Europe/Paris");

export const UpdateMeInput = z
  .strictObject({
    displayName: DisplayText(80).pipe(z.string().min(1, "must not be empty")).nullable(),
    locale: Locale,
    timezone: TimeZone,
    preferences: z
      .strictObject({
        theme: Theme,
        emailNotifications: z.boolean(),
        marketingEmails: z.boolean(),
        defaultModel: z
          .string()
          .min(1)
          .max(100)
          .regex(/^[A-Za-z0-9:._/-]+$/)
          .nullable(),
      })
      .partial(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "send at least one field to change")
  .meta({ id: "UpdateMeInput" });
export type UpdateMeInput = z.infer<typeof UpdateMeInput>;

export const DeleteMeResponse = z
  .object({
    deleted: z.literal(true),
    uid: z.string(),
    retained: z.array(z.object({ collection: z.string(), reason: z.string() })),
  })
  .meta({ id: "DeleteMeResponse" });

export const ExportMeResponse = z
  .object({
    uid: z.string(),
    exportedAt: z.iso.datetime(),
    notes: z.array(z.string()),
    /** Collection name → the caller's documents in it (secrets excluded). */
    collections: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  })
  .meta({ id: "ExportMeResponse" });
