import { HttpError } from "../../platform/http-error";
import { MAX_TEMPLATE_BYTES, type ChatMessage, type Template, type VariableSpec } from "./template.schema";

/** `{{name}}`, with optional spaces inside the braces. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*\}\}/g;

export type PromptType = "text" | "chat";

/** Keys every request body refuses (request-input.ts): a variable with such a name could never be given. */
const RESERVED_NAMES = new Set(["__proto__", "constructor", "prototype"]);

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
    throw new HttpError(
      400,
      "template_type_mismatch",
      type === "text" ? "A text prompt's template is a string" : "A chat prompt's template is a list of messages",
    );
  }
  if (Buffer.byteLength(JSON.stringify(template)) > MAX_TEMPLATE_BYTES + 2) {
    throw new HttpError(400, "template_too_large", `A template may hold at most ${MAX_TEMPLATE_BYTES} bytes`);
  }
  const reserved = [...variables.map((v) => v.name), ...placeholders(template)].filter((n) => RESERVED_NAMES.has(n));
  if (reserved.length) {
    throw new HttpError(
      400,
      "reserved_variable_name",
      `${[...new Set(reserved)].join(", ")} cannot name a variable (request bodies may not use it as a key)`,
      {
        details: { reserved: [...new Set(reserved)] },
      },
    );
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
  // Variable names are user-chosen map keys: only the request's own entries are values, so a variable
  // named `toString` is missing when not given, never Object.prototype's function.
  const givenValue = (name: string) => (Object.hasOwn(given, name) ? given[name] : undefined);
  const unknown = Object.keys(given).filter((n) => !byName.has(n));
  if (unknown.length) {
    throw new HttpError(400, "unknown_variables", `Not variables of this version: ${unknown.join(", ")}`, { details: { unknown } });
  }
  const missing = specs.filter((s) => givenValue(s.name) === undefined && s.default === undefined && s.required).map((s) => s.name);
  if (missing.length) {
    throw new HttpError(400, "missing_variables", `Missing required variables: ${missing.join(", ")}`, { details: { missing } });
  }
  const invalid: { name: string; message: string }[] = [];
  const values = new Map<string, unknown>();
  for (const spec of specs) {
    // null is a value (valid only for json variables), not an absent one.
    const value = givenValue(spec.name) !== undefined ? givenValue(spec.name) : spec.default;
    if (value === undefined) continue;
    const problem = typeProblem(spec, value);
    if (problem) invalid.push({ name: spec.name, message: problem });
    else values.set(spec.name, value);
  }
  if (invalid.length) {
    throw new HttpError(400, "invalid_variables", invalid.map((i) => `${i.name} ${i.message}`).join("; "), { details: { invalid } });
  }
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (whole, name: string) => {
      const spec = byName.get(name);
      return spec && values.has(name) ? asText(spec, values.get(name)) : spec ? "" : whole;
    });
  const output: { text?: string; messages?: ChatMessage[] } =
    typeof template === "string"
      ? { text: fill(template) }
      : { messages: template.map((m) => ({ role: m.role, content: fill(m.content) })) };
  // fromEntries defines own properties, whatever the names.
  return { ...output, variables: Object.fromEntries(values) };
}
