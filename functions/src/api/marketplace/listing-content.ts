import { HttpError } from "../../platform/http-error";
import type { Caller } from "../../core/auth/caller";
import type { ListingContent, ListingMeta, ListingVersionDoc } from "../../core/marketplace/listings-store";
import { sanitizeDescription } from "../../core/prompts/sanitize-description";
import type { Services } from "../../services";
import type { CreateListingInput } from "./marketplace.schema";

/**
 * A snapshot of one version of a prompt the caller owns (personal, or a team's they own): bought
 * content (a prompt made from a licence, or a fork of one) is refused, it is not for resale.
 */
export async function snapshotOf(
  services: Pick<Services, "store">,
  caller: Caller,
  promptId: string,
  version: number | undefined,
): Promise<{ content: ListingContent; source: ListingVersionDoc["source"] }> {
  const prompts = await services.store("prompts");
  const { prompt, access } = await prompts.load(caller, promptId, "read");
  if (access.role !== "owner") throw new HttpError(403, "not_prompt_owner", "Only the owner of a prompt may sell it");
  if (prompt.licensed_from) throw new HttpError(403, "licensed_content", "A prompt bought on the marketplace cannot be sold");
  const v = await prompts.version(prompt, { version });
  return {
    content: { type: prompt.type, template: v.template, variables: v.variables, settings: v.settings },
    source: { prompt_id: prompt._id, version: v.version },
  };
}

type MetaInput = Pick<CreateListingInput, "title" | "description" | "category" | "tags" | "models" | "price" | "samples">;

/** The listing's metadata as stored: the description sanitized, tags and models deduplicated, samples checked against the variables. */
export function listingMeta(input: MetaInput, content: ListingContent): ListingMeta {
  const description = sanitizeDescription(input.description);
  if (description.replace(/<[^>]*>/g, "").trim().length < 20) {
    throw new HttpError(400, "validation_failed", "The description must have at least 20 characters of text", {
      details: { issues: [{ path: "description", message: "too short once sanitized" }] },
    });
  }
  const names = new Set(content.variables.map((v) => v.name));
  input.samples.forEach((s, i) => {
    const unknown = Object.keys(s.inputs).filter((k) => !names.has(k));
    if (unknown.length) {
      throw new HttpError(400, "validation_failed", `Sample ${i + 1} sets variables the prompt does not have: ${unknown.join(", ")}`, {
        details: { issues: unknown.map((k) => ({ path: `samples.${i}.inputs.${k}`, message: "not a variable of the prompt" })) },
      });
    }
  });
  return {
    title: input.title,
    description,
    category: input.category,
    tags: [...new Set(input.tags)],
    models: [...new Set(input.models)],
    price: input.price,
    samples: input.samples,
  };
}
