import { API_PREFIX } from "./operation";

/**
 * A resource path like `/admin/users/{uid}/roles`, matched with or without the `/api/v1` prefix
 * (Hosting rewrites keep the full path; a direct call to the function URL has none). A function with
 * no path parameters also answers at its own root, so its bare function URL works. A `**` segment
 * matches the rest of the path (the catch-all that answers unknown paths with a JSON 404).
 */
export interface PathPattern {
  match(path: string): Record<string, string> | undefined;
  /** The Firebase Hosting rewrite `source` glob for this path. */
  hostingSource: string;
  /** The OpenAPI path, e.g. `/admin/users/{uid}/roles`. */
  openApiPath: string;
}

const PARAM = /^\{([a-zA-Z][a-zA-Z0-9]*)\}$/;

export function compilePath(path: string): PathPattern {
  const segments = path.split("/").filter(Boolean);
  const names: string[] = [];
  const source = segments
    .map((seg) => {
      if (seg === "**") return ".*";
      const param = PARAM.exec(seg);
      if (param) {
        names.push(param[1]);
        return "([^/]+)";
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  const prefix = API_PREFIX.replace(/\//g, "\\/");
  const re = new RegExp(`^(?:${prefix})?/${source}/?$`, "s");
  const atRoot = names.length === 0;
  return {
    match(requestPath) {
      if (atRoot && (requestPath === "/" || requestPath === "")) return {};
      const m = re.exec(requestPath);
      if (!m) return undefined;
      const params: Record<string, string> = {};
      for (let i = 0; i < names.length; i++) {
        try {
          params[names[i]] = decodeURIComponent(m[i + 1]);
        } catch {
          return undefined;
        }
      }
      return params;
    },
    hostingSource: `${API_PREFIX}/${segments.map((s) => (PARAM.test(s) ? "*" : s)).join("/")}`,
    openApiPath: `/${segments.join("/")}`,
  };
}
