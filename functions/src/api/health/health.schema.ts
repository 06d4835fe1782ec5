import { z } from "zod";

export const HealthResponse = z
  .object({
    status: z.literal("ok"),
    service: z.string(),
    version: z.string(),
    environment: z.string(),
    time: z.iso.datetime(),
  })
  .meta({ id: "HealthResponse" });

const Check = z.object({ ok: z.boolean(), latencyMs: z.number().optional(), error: z.string().optional() });
/** `missing` names each index `npm run db:migrate` would create (collection.index). */
const IndexCheck = Check.extend({ missing: z.array(z.string()).optional() });
export const ReadyChecks = z.object({ config: Check, mongo: Check, indexes: IndexCheck }).meta({ id: "ReadyChecks" });
export const ReadyResponse = z.object({ status: z.literal("ready"), checks: ReadyChecks }).meta({ id: "ReadyResponse" });
export type ReadyChecks = z.infer<typeof ReadyChecks>;
