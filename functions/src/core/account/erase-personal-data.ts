import type { Services } from "../../services";
import { log } from "../../platform/logger";
import { personalDataSources } from "./personal-data";

/**
 * Removes or anonymizes the user's documents in every registered collection, through the stores that
 * own them. Each collection is one idempotent step, so a failed deletion is completed by repeating it.
 */
export async function erasePersonalData(services: Pick<Services, "store" | "db">, uid: string) {
  const counts: Record<string, number> = {};
  for (const source of await personalDataSources(services)) Object.assign(counts, await source.erase(uid));
  log.info("personal_data_erased", { uid, counts });
  return counts;
}
