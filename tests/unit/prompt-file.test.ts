import fc from "fast-check";
import { parsePromptFile, toPromptFile } from "../../functions/src/api/prompts/prompt-file";
import { checkVersion } from "../../functions/src/core/prompts/prompt-template";
import type { ChatMessage, ModelSettings, VariableSpec } from "../../functions/src/api/prompts/prompts.schema";
import { versionContentHash } from "../../functions/src/api/prompts/version-content-hash";

/** Lines that test the file format's edges: role-like lines, escapes, front-matter fences, CRs, placeholders. */
const trickyLine = fc.constantFrom(
  '{{role "system"}}',
  '\\{{role "user"}}',
  '\\\\{{ role "model" }}',
  "---",
  "--- ",
  "{{name}}",
  "{{ topic }}",
  "{{#if x}}y{{/if}}",
  "<<<dotprompt:role:system>>>",
  "a\rb",
  "",
  " ",
  "key: value",
  "# comment",
);
const line = fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), trickyLine);
const text = fc.array(line, { maxLength: 6 }).map((lines) => lines.join("\n"));
const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/).filter((n) => !["constructor", "prototype", "__proto__"].includes(n));
const json = fc.jsonValue({ maxDepth: 2 }).filter((v) => v === null || typeof v !== "object" || !JSON.stringify(v).includes('"$'));

const variable: fc.Arbitrary<VariableSpec> = fc
  .oneof(
    fc.record({ name, type: fc.constant("string" as const), required: fc.boolean(), default: fc.option(fc.string(), { nil: undefined }) }),
    fc.record({
      name,
      type: fc.constant("number" as const),
      required: fc.boolean(),
      default: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), { nil: undefined }),
    }),
    fc.uniqueArray(fc.string({ minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 4 }).chain((values) =>
      fc.record({
        name,
        type: fc.constant("enum" as const),
        values: fc.constant(values),
        required: fc.boolean(),
        default: fc.option(fc.constantFrom(...values), { nil: undefined }),
      }),
    ),
    fc.record({ name, type: fc.constant("json" as const), required: fc.boolean(), default: fc.option(json, { nil: undefined }) }),
  )
  .chain((v) =>
    fc.option(fc.string({ maxLength: 60 }), { nil: undefined }).map((description) => {
      const out: VariableSpec = { ...v };
      if (out.default === undefined) delete out.default;
      if (description !== undefined) out.description = description;
      return out;
    }),
  );

const settings: fc.Arbitrary<ModelSettings> = fc.record(
  {
    model: fc.constantFrom("openai/gpt-4o", "anthropic/claude-sonnet-4", "auto:cheapest"),
    temperature: fc.integer({ min: 0, max: 200 }).map((n) => n / 100),
    maxTokens: fc.integer({ min: 1, max: 1_000_000 }),
  },
  { requiredKeys: [] },
);

const chat = fc.array(fc.record({ role: fc.constantFrom<ChatMessage["role"]>("system", "user", "assistant"), content: text }), {
  minLength: 1,
  maxLength: 5,
});

/** A version as the API stores it: checked, implicit placeholders declared. */
const version = fc
  .record({
    type: fc.constantFrom("text" as const, "chat" as const),
    text,
    chat,
    variables: fc.uniqueArray(variable, { maxLength: 5, selector: (v) => v.name }),
    settings,
  })
  .map(({ type, text: t, chat: c, variables, settings: s }) => {
    const template = type === "text" ? t : c;
    return { type, template, variables: checkVersion(type, template, variables), settings: s };
  });

describe("Dotprompt .prompt files", () => {
  it("round trip: a version written as a file reads back as the same content, with the same content hash", async () => {
    await fc.assert(
      fc.asyncProperty(version, fc.boolean(), async (v, manifestKnowsType) => {
        const file = await toPromptFile(v.type, v, null);
        const read = await parsePromptFile(file, manifestKnowsType ? v.type : undefined);
        expect(read.problems).toEqual([]);
        const variables = checkVersion(read.file!.type, read.file!.template, read.file!.variables);
        expect(read.file!.type).toBe(v.type);
        expect({ template: read.file!.template, variables, settings: read.file!.settings }).toEqual({
          template: v.template,
          variables: v.variables,
          settings: v.settings,
        });
        expect(versionContentHash({ template: read.file!.template, variables, settings: read.file!.settings })).toBe(versionContentHash(v));
      }),
      { numRuns: 300 },
    );
  });

  it("writes Dotprompt front matter: model, config, input schema as JSON Schema with defaults, our keys namespaced", async () => {
    const file = await toPromptFile(
      "chat",
      {
        template: [
          { role: "system", content: "Be {{tone}}." },
          { role: "assistant", content: "Sure." },
        ],
        variables: [{ name: "tone", type: "enum", values: ["formal", "casual"], required: false, default: "formal", description: "voice" }],
        settings: { model: "openai/gpt-4o", temperature: 0.3, maxTokens: 400 },
      },
      { listingId: "l1", licenceId: "c1" },
    );
    expect(file).toBe(
      [
        "---",
        "model: openai/gpt-4o",
        "config:",
        "  temperature: 0.3",
        "  maxOutputTokens: 400",
        "input:",
        "  schema:",
        "    type: object",
        "    properties:",
        "      tone:",
        "        type: string",
        "        enum:",
        "          - formal",
        "          - casual",
        "        description: voice",
        "  default:",
        "    tone: formal",
        "promptforge.type: chat",
        "promptforge.licensedFrom:",
        "  listingId: l1",
        "  licenceId: c1",
        "---",
        '{{role "system"}}',
        "Be {{tone}}.",
        '{{role "model"}}',
        "Sure.",
        "",
      ].join("\n"),
    );
    expect((await parsePromptFile(file, "chat")).file!.licensed).toBe(true);
  });

  it("reads files written elsewhere: Picoschema input, Dotprompt's model role, unknown keys as warnings", async () => {
    const read = await parsePromptFile(
      [
        "---",
        "name: summarize",
        "model: googleai/gemini-2.0-flash",
        "config: { temperature: 0.5, topK: 3 }",
        "input:",
        "  schema:",
        "    text: string, the text",
        "    style?(enum, tone): [formal, casual]",
        "    maxWords?: integer",
        "  default: { style: formal }",
        "output: { format: json }",
        "---",
        "Summarize {{text}} in {{style}} style.",
      ].join("\n"),
      undefined,
    );
    expect(read.problems).toEqual([]);
    expect(read.file).toMatchObject({
      type: "text",
      template: "Summarize {{text}} in {{style}} style.",
      settings: { model: "googleai/gemini-2.0-flash", temperature: 0.5 },
      variables: [
        { name: "text", type: "string", required: true, description: "the text" },
        { name: "style", type: "enum", values: ["formal", "casual"], required: false, default: "formal", description: "tone" },
        { name: "maxWords", type: "number", required: false },
      ],
    });
    expect(read.file!.warnings).toEqual(
      expect.arrayContaining(["output is not used by PromptForge (ignored)", "config.topK is not used by PromptForge (ignored)"]),
    );
  });

  it.each([
    ["unclosed front matter", "---\nmodel: x\nHello", "frontMatter", "invalid_front_matter"],
    ["invalid YAML", "---\nmodel: [unclosed\n---\nHello", "frontMatter", "invalid_yaml"],
    ["duplicate keys", "---\nmodel: a\nmodel: b\n---\nHello", "frontMatter", "invalid_yaml"],
    ["a list as front matter", "---\n- a\n- b\n---\nHello", "frontMatter", "invalid_yaml"],
    ["an operator key", "---\ninput:\n  default:\n    $where: x\n---\nHello", "frontMatter.input.default.$where", "invalid_data"],
    ["a model that is not a string", "---\nmodel: [a, b]\n---\nHello", "model", "invalid_type"],
    ["a temperature out of range", "---\nconfig: { temperature: 7 }\n---\nHello", "config.temperature", "too_big"],
    ["an unknown role", '---\npromptforge.type: chat\n---\n{{role "wizard"}}\nHi', "template", "unsupported_role"],
    ["an input schema that is not an object", "---\ninput:\n  schema: { type: string }\n---\nHi", "input.schema", "invalid_schema"],
    [
      "a default for no variable",
      "---\ninput:\n  schema: { n: number }\n  default: { m: 1 }\n---\n{{n}}",
      "input.default.m",
      "unknown_variable",
    ],
    ["a type the manifest contradicts", "---\npromptforge.type: chat\n---\nHi", "promptforge.type", "type_mismatch"],
  ])("reports %s with its path and reads nothing", async (_what, source, path, code) => {
    const read = await parsePromptFile(source, source.includes("chat\n---\nHi") ? "text" : undefined);
    expect(read.file).toBeNull();
    expect(read.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path, code })]));
  });
});
