import { errorFields, log } from "../../platform/logger";
import type { Services } from "../../services";
import { EVENT_TYPES, type DomainEventInput, type EventType } from "./domain-event";

const ATTEMPTS = 3;

/**
 * Records a fact's event after the fact is true. Never fails the caller's request: a bounded retry,
 * then an error-level `domain_event_lost` log (a scheduled check finds facts without events). The
 * retry or redelivery of the fact itself records it again, once, under the same dedupe key.
 */
export async function recordEvent<T extends EventType>(services: Pick<Services, "store">, event: DomainEventInput<T>): Promise<void> {
  const parsed = EVENT_TYPES[event.type].safeParse(event.data);
  if (!parsed.success) {
    // A bug in the caller, not a runtime condition: loud, but the user's request goes on.
    log.error("domain_event_invalid", {
      type: event.type,
      dedupeKey: event.dedupeKey,
      issues: parsed.error.issues.map((i) => i.path.join(".")),
    });
    return;
  }
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      await (await services.store("events")).record(event);
      return;
    } catch (err) {
      if (attempt === ATTEMPTS) {
        log.error("domain_event_lost", { type: event.type, dedupeKey: event.dedupeKey, ...errorFields(err) });
        return;
      }
      await new Promise((r) => setTimeout(r, 25 * 4 ** attempt));
    }
  }
}
