import type { OperationContext } from "../../platform/operation";
import { lineDiff } from "./line-diff";
import { templateText } from "../../core/prompts/prompt-template";
import type { DiffQuery, PromptParams } from "./prompts.schema";

const SETTINGS = ["model", "temperature", "maxTokens"] as const;

export async function diffVersions(ctx: OperationContext<PromptParams, DiffQuery>) {
  const prompts = await ctx.services.store("prompts");
  const { prompt } = await prompts.load(ctx.caller, ctx.params.promptId, "read");
  const a = await prompts.version(prompt, { version: ctx.query.from });
  const b = await prompts.version(prompt, { version: ctx.query.to });
  const varsA = new Map(a.variables.map((v) => [v.name, JSON.stringify(v)]));
  const varsB = new Map(b.variables.map((v) => [v.name, JSON.stringify(v)]));
  return {
    from: a.version,
    to: b.version,
    template: lineDiff(templateText(a.template), templateText(b.template)),
    settings: SETTINGS.filter((f) => a.settings[f] !== b.settings[f]).map((field) => ({
      field,
      from: a.settings[field] ?? null,
      to: b.settings[field] ?? null,
    })),
    variables: {
      added: [...varsB.keys()].filter((n) => !varsA.has(n)),
      removed: [...varsA.keys()].filter((n) => !varsB.has(n)),
      changed: [...varsB.keys()].filter((n) => varsA.has(n) && varsA.get(n) !== varsB.get(n)),
    },
    commitMessages: { from: a.commit_message, to: b.commit_message },
  };
}
