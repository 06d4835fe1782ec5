import { z } from "zod";
import { PROVIDER_IDS } from "../../core/llm/llm-types";

const Ms = z.number().int().nonnegative().nullable();

export const ModelHealth = z
  .object({
    model: z.string(),
    provider: z.enum(PROVIDER_IDS),
    /** false when the catalog has no price for it (disabled) or it was only seen in a breaker. */
    enabled: z.boolean(),
    breaker: z.enum(["closed", "open", "half_open"]),
    consecutiveFailures: z.number().int().nonnegative(),
    recent: z.object({
      windowSeconds: z.number().int().positive(),
      calls: z.number().int().nonnegative(),
      failures: z.number().int().nonnegative(),
      errorRate: z.number().min(0).max(1),
    }),
    latencyMs: z.object({ ewma: Ms, p50: Ms, p95: Ms, samples: z.number().int().nonnegative() }),
    openedAt: z.string().nullable(),
    retryAt: z.string().nullable(),
  })
  .meta({ id: "ModelHealth" });

export const ProvidersHealthResponse = z
  .object({
    /**
     * Breakers are kept in memory per instance. all_instances: this instance's view merged with what AI
     * instances published to llm_health in the last 5 minutes (worst state wins, counts summed);
     * instance: that read failed, so this is the answering instance's view only.
     */
    scope: z.enum(["instance", "all_instances"]),
    /** Instances whose view is included (this one counts). */
    instances: z.number().int().positive(),
    generatedAt: z.string(),
    providers: z.array(z.object({ provider: z.enum(PROVIDER_IDS), models: z.array(ModelHealth) })),
  })
  .meta({ id: "ProvidersHealthResponse" });
export type ProvidersHealthResponse = z.infer<typeof ProvidersHealthResponse>;
