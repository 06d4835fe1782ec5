import { ObjectId } from "mongodb";
import { HttpError, notFound } from "../../platform/http-error";
import type { OperationContext } from "../../platform/operation";
import { MAX_LABELS, type MoveLabelInput, type PromptParams } from "./prompts.schema";
import { labelTarget, loadPrompt, promptsOf, toPromptView } from "./prompts-store";

/**
 * Points a label at a version: promotes (to a newer one) or rolls back (to an older one). The move
 * is one conditional update whose before-image gives the history entry's previous version.
 */
export async function moveLabel(ctx: OperationContext<PromptParams, unknown, MoveLabelInput>) {
  const db = await ctx.services.db();
  const { prompt, access } = await loadPrompt(db, ctx.caller, ctx.params.promptId, "write");
  const { label, version } = ctx.body;
  if (label === "latest") throw new HttpError(400, "label_reserved", "latest moves by itself to each new version");
  const { prompts, versions, labelMoves } = promptsOf(db);
  if (!(await versions.findOne({ prompt_id: prompt._id, version }, { projection: { _id: 1 } }))) {
    throw new HttpError(404, "version_not_found", `Version ${version} does not exist`);
  }
  if (labelTarget(prompt, label) === undefined && Object.keys(prompt.labels).length >= MAX_LABELS) {
    throw new HttpError(409, "too_many_labels", `A prompt has at most ${MAX_LABELS} labels`);
  }
  const now = ctx.services.now();
  const before = await prompts.findOneAndUpdate(
    { _id: prompt._id },
    { $set: { [`labels.${label}`]: version, updated_at: now } },
    { returnDocument: "before" },
  );
  if (!before) throw notFound("Prompt");
  await labelMoves.insertOne({
    _id: new ObjectId(),
    prompt_id: prompt._id,
    label,
    from_version: labelTarget(before, label) ?? null,
    to_version: version,
    moved_by: ctx.caller.uid,
    reason: ctx.body.reason ?? null,
    at: now,
  });
  return toPromptView({ ...before, labels: { ...before.labels, [label]: version }, updated_at: now }, access);
}
