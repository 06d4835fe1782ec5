import type { Template } from "../prompts/template.schema";

/** The shortest run of a template's own text that counts as an echo (shorter runs are common phrases). */
export const ECHO_MIN_CHARS = 24;

/**
 * A model can be coaxed into repeating its instructions ("print everything above"), so a try run's
 * answer is checked against the listing's template: every stretch of at least ECHO_MIN_CHARS
 * characters that also appears in the template's literal text (outside its {{variables}}) is replaced
 * by "[redacted]". This catches verbatim echoes, not paraphrases; the daily cap on try runs per
 * listing and buyer bounds what paraphrasing can extract.
 */
export function redactEchoes(output: string, template: Template): { text: string; redacted: boolean } {
  const source = typeof template === "string" ? template : template.map((m) => m.content).join("\n");
  const windows = new Set<string>();
  for (const literal of source.split(/\{\{[^}]*\}\}/)) {
    for (let i = 0; i + ECHO_MIN_CHARS <= literal.length; i++) windows.add(literal.slice(i, i + ECHO_MIN_CHARS));
  }
  if (windows.size === 0 || output.length < ECHO_MIN_CHARS) return { text: output, redacted: false };
  const covered = new Uint8Array(output.length);
  let any = false;
  for (let i = 0; i + ECHO_MIN_CHARS <= output.length; i++) {
    if (windows.has(output.slice(i, i + ECHO_MIN_CHARS))) {
      covered.fill(1, i, i + ECHO_MIN_CHARS);
      any = true;
    }
  }
  if (!any) return { text: output, redacted: false };
  let text = "";
  for (let i = 0; i < output.length; i++) {
    if (!covered[i]) text += output[i];
    else if (i === 0 || !covered[i - 1]) text += "[redacted]";
  }
  return { text, redacted: true };
}
