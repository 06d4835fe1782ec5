import sanitizeHtml from "sanitize-html";

/**
 * A review is plain text: sanitize-html with no tag allowed drops markup (scripts and styles with
 * their content) and entity-encodes what is left, as listing descriptions are encoded; control
 * characters other than line breaks and tabs go, and runs of blank lines shrink to one.
 */
export function sanitizeReviewText(input: string): string {
  const clean = sanitizeHtml(input.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ""), {
    allowedTags: [],
    allowedAttributes: {},
    disallowedTagsMode: "discard",
  });
  return clean
    .replace(/\r\n?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
