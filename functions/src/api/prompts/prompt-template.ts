import { HttpError } from "../../platform/http-error";
import { MAX_TEMPLATE_BYTES, type ChatMessage, type Template, type VariableSpec } from "./prompts.schema";

/** `{{name}}`, with optional spaces inside the braces. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*\}\}/g;

export type PromptType = "text" | "chat";

const textsOf = (template: Template): string[] => (typeof template === "string" ? [template] : template.map((m) => m.content));

export function placeholders(template: Template): string[] {
  const names = new Set<string>();
  for (const text of textsOf(template)) for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1]);
  return [...names];
}

/** Plain text of a template, for search terms and line diffs. */
export function templateText(template: Template): string {
  return typeof template === "string" ? template : template.map((m) => `[${m.role}]\n${m.content}`).join("\n");
}

/**
 * Checks a new version's template against the prompt type and size bound, and returns its variable
 * declarations: the declared ones (defaults checked against their type) plus every undeclared
 * placeholder as a required string.
 */
export function checkVersion(type: PromptType, template: Template, variables: VariableSpec[]): VariableSpec[] {
  if ((type === "text") !== (typeof template === "string")) {
    throw new HttpError(400, "template_type_mismatch", type === "text" ? "A text prompt's template is a string" : "A chat prompt's template is a list of messages");
  }
  if (Buffer.byteLength(JSON.stringify(template)) > MAX_TEMPLATE_BYTES + 2) {
    throw new HttpError(400, "template_too_large", `A template may hold at most ${MAX_TEMPLATE_BYTES} bytes`);
  }
  const seen = new Set<string>();
  for (const v of variables) {
    if (seen.has(v.name)) throw new HttpError(400, "duplicate_variable", `Variable ${v.name} is declared twice`);
    seen.add(v.name);
    if (v.default !== undefined) {
      const problem = typeProblem(v, v.default);
      if (problem) throw new HttpError(400, "invalid_variable_default", `The default of ${v.name} ${problem}`);
    }
  }
  const implicit = placeholders(template)
    .filter((name) => !seen.has(name))
    .map((name): VariableSpec => ({ name, type: "string", required: true }));
  return [...variables, ...implicit];
}

/** Why a value does not fit a variable's type, or null when it does. */
export function typeProblem(spec: VariableSpec, value: unknown): string | null {
  switch (spec.type) {
    case "string":
      return typeof value === "string" ? null : "must be a string";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a finite number";
    case "enum":
      return typeof value === "string" && spec.values!.includes(value) ? null : `must be one of: ${spec.values!.join(", ")}`;
    case "json":
      return value === undefined ? "must be a JSON value" : null;
  }
}

const asText = (spec: VariableSpec, value: unknown): string =>
  spec.type === "json" ? JSON.stringify(value) : spec.type === "number" ? String(value) : (value as string);

/**
 * Fills a template. Every variable is checked first (missing required ones, unknown names, wrong
 * types — all reported together); substitution is one pass, so a value containing `{{x}}` stays as is.
 */
export function render(template: Template, specs: VariableSpec[], given: Record<string, unknown>) {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const unknown = Object.keys(given).filter((n) => !byName.has(n));
  if (unknown.length) {
    throw new HttpError(400, "unknown_variables", `Not variables of this version: ${unknown.join(", ")}`, { details: { unknown } });
  }
  const missing = specs.filter((s) => given[s.name] === undefined && s.default === undefined && s.required).map((s) => s.name);
  if (missing.length) {
    throw new HttpError(400, "missing_variables", `Missing required variables: ${missing.join(", ")}`, { details: { missing } });
  }
  const invalid: { name: string; message: string }[] = [];
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    // null is a value (valid only for json variables), not an absent one.
    const value = given[spec.name] !== undefined ? given[spec.name] : spec.default;
    if (value === undefined) continue;
    const problem = typeProblem(spec, value);
    if (problem) invalid.push({ name: spec.name, message: problem });
    else values[spec.name] = value;
  }
  if (invalid.length) {
    throw new HttpError(400, "invalid_variables", invalid.map((i) => `${i.name} ${i.message}`).join("; "), { details: { invalid } });
  }
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (whole, name: string) => {
      const spec = byName.get(name);
      return spec && values[name] !== undefined ? asText(spec, values[name]) : spec ? "" : whole;
    });
  const output: { text?: string; messages?: ChatMessage[] } =
    typeof template === "string" ? { text: fill(template) } : { messages: template.map((m) => ({ role: m.role, content: fill(m.content) })) };
  return { ...output, variables: values };
}
