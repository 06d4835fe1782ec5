import sanitizeHtml from "sanitize-html";

/**
 * Descriptions are rich text (a small HTML subset the apps render): sanitized with sanitize-html
 * against an allowlist of formatting tags; links only to https/mailto, opened without referrer.
 * Everything else (scripts, styles, event handlers, iframes, images) is dropped; text is entity-encoded.
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "b", "strong", "i", "em", "u", "s", "code", "pre", "blockquote", "ul", "ol", "li", "h3", "h4", "a"],
  allowedAttributes: { a: ["href", "title"] },
  allowedSchemes: ["https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }) },
};
options.allowedAttributes = { a: ["href", "title", "rel"] };

export function sanitizeDescription(input: string): string {
  return sanitizeHtml(input.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ""), options).trim();
}
