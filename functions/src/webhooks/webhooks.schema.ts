import { z } from "zod";

/** What a provider gets for an event that is done (now or before): any 2xx stops its retries. */
export const WebhookAck = z
  .object({ received: z.literal(true) })
  .strict()
  .meta({ id: "WebhookAck" });
export type WebhookAck = z.infer<typeof WebhookAck>;
