import { HttpError, notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { toPromptView } from "./prompt-views";
import { MAX_LABELS, type MoveLabelInput, type PromptParams } from "./prompts.schema";
import { labelTarget } from "./prompts-store";

/** Points a label at a version: promotes (to a newer one) or rolls back (to an older one). */
export async function moveLabel(ctx: OperationContext<PromptParams, unknown, MoveLabelInput>) {
  const prompts = await ctx.services.store("prompts");
  const { prompt, access } = await prompts.load(ctx.caller, ctx.params.promptId, "write");
  const { label, version } = ctx.body;
  if (label === "latest") throw new HttpError(400, "label_reserved", "latest moves by itself to each new version");
  if (!(await prompts.hasVersion(prompt._id, version))) {
    throw new HttpError(404, "version_not_found", `Version ${version} does not exist`);
  }
  if (labelTarget(prompt, label) === undefined && Object.keys(prompt.labels).length >= MAX_LABELS) {
    throw new HttpError(409, "too_many_labels", `A prompt has at most ${MAX_LABELS} labels`);
  }
  const moved = await prompts.moveLabel(prompt._id, { label, version, by: ctx.caller.uid, reason: ctx.body.reason ?? null });
  if (!moved) throw notFound("Prompt");
  return toPromptView(moved, access);
}
