/**
 * Descriptions are plain text: `sanitize-html` is not among the functions' dependencies, so every tag
 * (and the content of script/style elements) is stripped with a strict pattern instead of an
 * allowlist of tags. Angle brackets that are not part of a tag are kept.
 */
export function sanitizeDescription(input: string): string {
  return input
    .replace(/<(script|style|iframe|object|embed)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, "")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .trim();
}
