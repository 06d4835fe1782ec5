import type { z } from "zod";
import type { Licence } from "./prompts-store";
import { ModelSettings, Template, VariableSpec, type ChatMessage } from "./prompts.schema";
import type { PromptType } from "../../core/prompts/prompt-template";
import type { HashedContent } from "./version-content-hash";

/**
 * One prompt version as a Dotprompt `.prompt` file (https://google.github.io/dotprompt/): YAML front
 * matter (`model`, `config`, `input.schema` as JSON Schema, `input.default`, and our own keys under
 * the `promptforge.` namespace) followed by the template. Chat templates are written with Dotprompt's
 * `{{role "…"}}` lines (`model` is Dotprompt's name for the assistant).
 *
 * Written so that reading a file back gives exactly the version it came from (the same content hash):
 * the body is the template byte for byte (plus one final newline), and input schemas are JSON Schema,
 * which keeps descriptions verbatim (Picoschema trims them and splits them at commas). Files written
 * elsewhere may use Picoschema: the `dotprompt` package converts it. The `dotprompt` parser itself is
 * not used to read files: it trims templates, drops unknown keys and answers invalid YAML with an
 * empty prompt instead of an error.
 */

export interface FileProblem {
  /** Where in the file, e.g. `template`, `config.temperature`, `input.schema.properties.tone`. */
  path: string;
  code: string;
  message: string;
}

/** A file's version as read, before checkVersion adds implicit variables. */
export interface PromptFile {
  type: PromptType;
  template: Template;
  variables: VariableSpec[];
  settings: ModelSettings;
  /** The file says it is licensed (`promptforge.licensedFrom`). */
  licensed: boolean;
  /** What was read but is not used (tools, output schemas, unknown config), for the import report. */
  warnings: string[];
}

const FRONT_MATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;
/** A role line of a chat template; with leading backslashes, a content line that only looks like one. */
const ROLE_LINE = /^(\\*)\{\{\s*role\s+"([^"\n]*)"\s*\}\}\r?$/;
const ROLE_OUT: Record<ChatMessage["role"], string> = { system: "system", user: "user", assistant: "model" };
const ROLE_IN: Record<string, ChatMessage["role"]> = { system: "system", user: "user", model: "assistant", assistant: "assistant" };
const PLACEHOLDER_ONLY = /^\{\{\s*[A-Za-z_][A-Za-z0-9_]{0,63}\s*\}\}$/;
const EXPRESSION = /\{\{[^}]*\}\}/g;
/** Dotprompt keys we read, and the ones we ignore without a word (they describe, not change, the prompt). */
const KNOWN_KEYS = new Set(["model", "config", "input", "promptforge.type", "promptforge.licensedFrom"]);
const SILENT_KEYS = new Set(["name", "description", "version", "variant"]);
const MAX_DEPTH = 32;

// ---------------------------------------------------------------------------------------------------
// Writing

/** The `.prompt` text of a version. */
export async function toPromptFile(type: PromptType, version: HashedContent, licence: Licence | null): Promise<string> {
  // Loaded on use: only export and import pay for the YAML library.
  const { stringify } = await import("yaml");
  const meta: Record<string, unknown> = {};
  if (version.settings.model !== undefined) meta.model = version.settings.model;
  const config: Record<string, number> = {};
  if (version.settings.temperature !== undefined) config.temperature = version.settings.temperature;
  if (version.settings.maxTokens !== undefined) config.maxOutputTokens = version.settings.maxTokens;
  if (Object.keys(config).length) meta.config = config;
  if (version.variables.length) meta.input = inputOf(version.variables);
  meta["promptforge.type"] = type;
  if (licence) meta["promptforge.licensedFrom"] = { listingId: licence.listingId, licenceId: licence.licenceId };
  const body = typeof version.template === "string" ? version.template : chatBody(version.template);
  return `---\n${stringify(meta, { lineWidth: 0, aliasDuplicateObjects: false })}---\n${body}\n`;
}

function inputOf(variables: VariableSpec[]) {
  const properties: Record<string, Record<string, unknown>> = {};
  const defaults: Record<string, unknown> = {};
  for (const v of variables) {
    const schema: Record<string, unknown> =
      v.type === "json" ? {} : v.type === "enum" ? { type: "string", enum: v.values } : { type: v.type === "number" ? "number" : "string" };
    if (v.description !== undefined) schema.description = v.description;
    properties[v.name] = schema;
    if (v.default !== undefined) defaults[v.name] = v.default;
  }
  const required = variables.filter((v) => v.required).map((v) => v.name);
  const schema = { type: "object", properties, ...(required.length ? { required } : {}) };
  return Object.keys(defaults).length ? { schema, default: defaults } : { schema };
}

/** Lines of a message that read as a role line get one more backslash, which reading takes off again. */
function chatBody(messages: ChatMessage[]): string {
  const escape = (content: string) =>
    content
      .split("\n")
      .map((line) => (ROLE_LINE.test(line) ? `\\${line}` : line))
      .join("\n");
  return messages.map((m) => `{{role "${ROLE_OUT[m.role]}"}}\n${escape(m.content)}`).join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Reading

/**
 * Reads a `.prompt` file. `type` is the prompt's type from the manifest (undefined when the manifest
 * does not give a valid one: then the file's `promptforge.type`, or the presence of role lines,
 * decides). Every problem found is reported; `file` is null when there is any.
 */
export async function parsePromptFile(
  text: string,
  type: PromptType | undefined,
): Promise<{ file: PromptFile | null; problems: FileProblem[] }> {
  const problems: FileProblem[] = [];
  const warnings: string[] = [];
  const problem = (path: string, code: string, message: string) => problems.push({ path, code, message });

  let meta: Record<string, unknown> = {};
  let body = text;
  if (/^---[ \t]*\r?(\n|$)/.test(text)) {
    const m = FRONT_MATTER.exec(text);
    if (!m) {
      problem("frontMatter", "invalid_front_matter", "The front matter (after the first ---) is not closed by a --- line");
      return { file: null, problems };
    }
    body = text.slice(m[0].length);
    const read = await readYaml(m[1] ?? "");
    if (typeof read === "string") {
      problem("frontMatter", "invalid_yaml", read);
      return { file: null, problems };
    }
    meta = read;
    for (const p of dataProblems(meta)) problem(joinPath("frontMatter", p.path), "invalid_data", p.message);
    if (problems.length) return { file: null, problems };
  }
  body = body.replace(/\r?\n$/, "");

  for (const key of Object.keys(meta)) {
    if (!KNOWN_KEYS.has(key) && !SILENT_KEYS.has(key)) warnings.push(`${key} is not used by PromptForge (ignored)`);
  }

  const declared = meta["promptforge.type"];
  if (declared !== undefined && declared !== "text" && declared !== "chat") {
    problem("promptforge.type", "invalid_type", 'must be "text" or "chat"');
  } else if (declared !== undefined && type !== undefined && declared !== type) {
    problem("promptforge.type", "type_mismatch", `The file says ${declared}, the manifest says ${type}`);
  }
  const effective: PromptType =
    type ??
    (declared === "text" || declared === "chat"
      ? declared
      : body.split("\n").some((l) => ROLE_LINE.test(l) && !l.startsWith("\\"))
        ? "chat"
        : "text");

  const template = effective === "text" ? body : chatMessages(body, problem);
  if (template !== null) {
    const checked = Template.safeParse(template);
    if (!checked.success) for (const issue of checked.error.issues) problem(joinPath("template", issue.path), issue.code, issue.message);
  }
  if (template !== null) warnings.push(...expressionWarnings(template, effective));

  const settings = settingsOf(meta, problem, warnings);
  const variables = await variablesOf(meta.input, problem, warnings);
  const licensed = meta["promptforge.licensedFrom"] !== undefined && meta["promptforge.licensedFrom"] !== null;

  if (problems.length || template === null || !settings || !variables) return { file: null, problems };
  return { file: { type: effective, template, variables, settings, licensed, warnings }, problems };
}

/** The front matter as plain data, or the parser's messages (every error, with its line and column). */
async function readYaml(source: string): Promise<Record<string, unknown> | string> {
  const { parseDocument } = await import("yaml");
  try {
    const doc = parseDocument(source, { uniqueKeys: true, resolveKnownTags: false, prettyErrors: true });
    if (doc.errors.length) return doc.errors.map((e) => e.message.split("\n")[0]).join("; ");
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return {};
    if (typeof value !== "object" || Array.isArray(value)) return "The front matter must be a YAML mapping (key: value lines)";
    return value as Record<string, unknown>;
  } catch (err) {
    return `The front matter cannot be read: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`;
  }
}

/**
 * Anything that is not plain JSON data (dates, binary, ...), nested deeper than MAX_DEPTH, or keyed
 * like a MongoDB operator or a prototype member (what every request body refuses).
 */
export function dataProblems(value: unknown, path: (string | number)[] = [], depth = 0): { path: (string | number)[]; message: string }[] {
  if (depth > MAX_DEPTH) return [{ path, message: `nested deeper than ${MAX_DEPTH} levels` }];
  if (value === null || typeof value === "string" || typeof value === "boolean") return [];
  if (typeof value === "number") return Number.isFinite(value) ? [] : [{ path, message: "must be a finite number" }];
  if (Array.isArray(value)) return value.flatMap((v, i) => dataProblems(v, [...path, i], depth + 1));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.keys(value).flatMap((key) =>
      key.startsWith("$") || key.includes("\u0000") || key === "__proto__" || key === "constructor" || key === "prototype"
        ? [{ path: [...path, key], message: "Keys may not start with '$' or name prototypes" }]
        : dataProblems((value as Record<string, unknown>)[key], [...path, key], depth + 1),
    );
  }
  return [{ path, message: "must be plain data (a string, number, boolean, null, list or mapping)" }];
}

type Report = (path: string, code: string, message: string) => void;

function chatMessages(body: string, problem: Report): ChatMessage[] | null {
  const messages: { role: ChatMessage["role"]; lines: string[] }[] = [];
  const before: string[] = [];
  let ok = true;
  for (const line of body.split("\n")) {
    const m = ROLE_LINE.exec(line);
    if (m && m[1] === "") {
      const role = Object.hasOwn(ROLE_IN, m[2]) ? ROLE_IN[m[2]] : undefined;
      if (!role) {
        problem("template", "unsupported_role", `Role "${m[2]}" is not supported (system, user, model or assistant)`);
        ok = false;
      }
      messages.push({ role: role ?? "user", lines: [] });
      continue;
    }
    const content = m ? line.slice(1) : line;
    (messages.length ? messages[messages.length - 1].lines : before).push(content);
  }
  if (!ok) return null;
  // As Dotprompt reads it: text before the first role line is a user message.
  if (before.join("").trim() || !messages.length) messages.unshift({ role: "user", lines: before });
  return messages.map((m) => ({ role: m.role, content: m.lines.join("\n") }));
}

/** Handlebars that Dotprompt would evaluate and PromptForge keeps as text: worth telling the importer. */
function expressionWarnings(template: Template, type: PromptType): string[] {
  const texts = typeof template === "string" ? [template] : template.map((m) => m.content);
  const found = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(EXPRESSION)) if (!PLACEHOLDER_ONLY.test(m[0])) found.add(m[0]);
  if (!found.size) return [];
  const sample = [...found].slice(0, 3).join(", ");
  return [`The ${type} template uses Handlebars expressions PromptForge does not evaluate (kept as text): ${sample}`];
}

function settingsOf(meta: Record<string, unknown>, problem: Report, warnings: string[]): ModelSettings | null {
  const settings: Record<string, unknown> = {};
  if (meta.model !== undefined) settings.model = meta.model;
  const config = meta.config;
  if (config !== undefined && config !== null) {
    if (typeof config !== "object" || Array.isArray(config)) {
      problem("config", "invalid_type", "must be a mapping");
      return null;
    }
    for (const [key, value] of Object.entries(config)) {
      if (key === "temperature") settings.temperature = value;
      else if (key === "maxOutputTokens") settings.maxTokens = value;
      else warnings.push(`config.${key} is not used by PromptForge (ignored)`);
    }
  }
  const parsed = ModelSettings.safeParse(settings);
  if (parsed.success) return parsed.data;
  const where: Record<string, string> = { model: "model", temperature: "config.temperature", maxTokens: "config.maxOutputTokens" };
  for (const issue of parsed.error.issues) problem(where[String(issue.path[0])] ?? "config", issue.code, issue.message);
  return null;
}

const isJsonSchema = (s: unknown): s is Record<string, unknown> =>
  typeof s === "object" &&
  s !== null &&
  !Array.isArray(s) &&
  ((typeof (s as { type?: unknown }).type === "string" &&
    ["any", "boolean", "integer", "null", "number", "string", "object", "array"].includes((s as { type: string }).type)) ||
    (typeof (s as { properties?: unknown }).properties === "object" && (s as { properties?: unknown }).properties !== null));

async function variablesOf(input: unknown, problem: Report, warnings: string[]): Promise<VariableSpec[] | null> {
  if (input === undefined || input === null) return [];
  if (typeof input !== "object" || Array.isArray(input)) {
    problem("input", "invalid_type", "must be a mapping with schema (and default)");
    return null;
  }
  const { schema, default: defaults, ...rest } = input as Record<string, unknown>;
  for (const key of Object.keys(rest)) warnings.push(`input.${key} is not used by PromptForge (ignored)`);
  if (defaults !== undefined && (typeof defaults !== "object" || defaults === null || Array.isArray(defaults))) {
    problem("input.default", "invalid_type", "must be a mapping of variable name to value");
    return null;
  }
  if (schema === undefined || schema === null) {
    if (defaults && Object.keys(defaults).length)
      problem("input.default", "unknown_variable", "defaults need an input.schema that declares them");
    return defaults && Object.keys(defaults).length ? null : [];
  }
  let json: unknown = schema;
  if (!isJsonSchema(schema)) {
    try {
      // Picoschema (Dotprompt's compact schema): converted by the reference implementation, loaded only here.
      const { picoschema } = await import("dotprompt");
      json = await picoschema(schema);
    } catch (err) {
      problem(
        "input.schema",
        "invalid_schema",
        err instanceof Error ? err.message.split("\n")[0] : "not a valid Picoschema or JSON Schema",
      );
      return null;
    }
  }
  const object = json as { type?: unknown; properties?: unknown; required?: unknown };
  if ((object.type !== undefined && object.type !== "object") || (object.properties !== undefined && !isRecord(object.properties))) {
    problem("input.schema", "invalid_schema", "must describe an object whose properties are the variables");
    return null;
  }
  const properties = (object.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(object.required) ? object.required.filter((r): r is string => typeof r === "string") : []);
  const given = (defaults ?? {}) as Record<string, unknown>;
  const out: VariableSpec[] = [];
  let ok = true;
  for (const [name, prop] of Object.entries(properties)) {
    const at = `input.schema.properties.${name}`;
    if (!isRecord(prop)) {
      problem(at, "invalid_schema", "must be a JSON Schema object");
      ok = false;
      continue;
    }
    const candidate = specOf(name, prop, required.has(name), Object.hasOwn(given, name) ? given[name] : prop.default, warnings);
    const parsed = VariableSpec.safeParse(candidate);
    if (parsed.success) out.push(parsed.data);
    else {
      ok = false;
      for (const issue of parsed.error.issues) problem(variableIssuePath(name, issue), issue.code, issue.message);
    }
  }
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(properties, name)) {
      problem(`input.default.${name}`, "unknown_variable", "is not declared in input.schema");
      ok = false;
    }
  }
  if (out.length > 100) {
    problem("input.schema", "too_many_variables", "A version has at most 100 variables");
    ok = false;
  }
  return ok ? out : null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A JSON Schema property as one of our variable types: string, number, enum (of strings) or json (anything else). */
function specOf(name: string, prop: Record<string, unknown>, required: boolean, dflt: unknown, warnings: string[]): unknown {
  const spec: Record<string, unknown> = { name, required };
  const types = (Array.isArray(prop.type) ? prop.type : prop.type === undefined ? [] : [prop.type]).filter((t) => t !== "null");
  if (Array.isArray(prop.enum)) {
    spec.type = "enum";
    spec.values = prop.enum.filter((v) => v !== null);
  } else if (types.length === 1 && types[0] === "string") {
    spec.type = "string";
  } else if (types.length === 1 && (types[0] === "number" || types[0] === "integer")) {
    spec.type = "number";
  } else {
    spec.type = "json";
    if (types.length) warnings.push(`Variable ${name} (${types.join(" or ")}) is imported as json`);
  }
  if (prop.description !== undefined) spec.description = prop.description;
  if (dflt !== undefined) spec.default = dflt;
  return spec;
}

function variableIssuePath(name: string, issue: z.core.$ZodIssue): string {
  const field = String(issue.path[0] ?? "");
  if (field === "default") return joinPath(`input.default.${name}`, issue.path.slice(1));
  if (field === "values") return joinPath(`input.schema.properties.${name}.enum`, issue.path.slice(1));
  if (field === "name") return `input.schema.properties.${name}`;
  return joinPath(`input.schema.properties.${name}`, issue.path);
}

/** `prompts[3].versions[1]`-style paths: indexes in brackets, names after dots. */
export function joinPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}
