import { z } from "zod";
import { Role } from "../auth/roles";
import { TierId } from "../billing/catalog";

// The profile the users module returns and the admin module shows: in core, so neither loads the other.
export const Theme = z.enum(["system", "light", "dark"]).meta({ id: "Theme" });

export const Preferences = z
  .object({
    theme: Theme,
    emailNotifications: z.boolean(),
    marketingEmails: z.boolean(),
    /** A model id or routing policy to preselect in the apps; validated against the catalog by the AI module. */
    defaultModel: z.string().max(100).nullable(),
  })
  .meta({ id: "Preferences" });
export type Preferences = z.infer<typeof Preferences>;

export const defaultPreferences: Preferences = {
  theme: "system",
  emailNotifications: true,
  marketingEmails: false,
  defaultModel: null,
};

export const UserProfile = z
  .object({
    uid: z.string(),
    email: z.string().nullable(),
    displayName: z.string().nullable(),
    locale: z.string(),
    timezone: z.string(),
    preferences: Preferences,
    roles: z.array(Role),
    tier: TierId,
    credits: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "UserProfile" });
export type UserProfile = z.infer<typeof UserProfile>;
