import { REGION } from "./region";
import type { FunctionSpec } from "./operation";
import { compilePath } from "./path-pattern";

export interface HostingRewrite {
  source: string;
  function: { functionId: string; region: string };
}

/**
 * The Firebase Hosting rewrites that route /api/v1/** to each function, most specific first
 * (Hosting takes the first match): more segments first, literal segments before wildcards.
 */
export function hostingRewrites(routes: Record<string, FunctionSpec>): HostingRewrite[] {
  const weight = (source: string) => source.split("/").map((s) => (s === "**" ? 0 : s === "*" ? 1 : 2));
  return Object.entries(routes)
    .map(([functionId, spec]) => ({ source: compilePath(spec.path).hostingSource, function: { functionId, region: REGION } }))
    .sort((a, b) => {
      const wa = weight(a.source);
      const wb = weight(b.source);
      if (wa.length !== wb.length) return wb.length - wa.length;
      for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i]) return wb[i] - wa[i];
      return a.source.localeCompare(b.source);
    });
}
