import { z } from "zod";

// Shapes of a paid model call shared by the AI module and the modules that call models (ideas, marketplace).
export const ModelOrPolicy = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.:/-]{0,99}$/, "a model id (provider:model) or a policy (auto:cheapest, auto:fastest, chain:<name>)");

export const UsageView = z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() }).meta({ id: "UsageView" });

/** What a structured (validated-JSON) model call cost, reported beside its result. */
export const PaidCall = z
  .object({ model: z.string(), usage: UsageView, cost: z.object({ credits: z.number().int() }), attempts: z.number().int() })
  .meta({ id: "PaidCall" });
