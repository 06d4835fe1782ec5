import type { SecretParam } from "firebase-functions/params";
import { HTTP_METHODS, type FunctionSpec, type HttpMethod, type OperationSpec } from "./operation";

/** What every function and operation of one API module shares unless it says otherwise. */
export interface ModuleDefaults {
  /** The OpenAPI tag of every operation. */
  tag: string;
  /** The secrets bound to every function of the module. */
  secrets: SecretParam[];
}

/** A function as a module table declares it: secrets and tags may be left to the module defaults. */
export interface ModuleFunction extends Omit<FunctionSpec, "secrets" | "operations"> {
  secrets?: SecretParam[];
  operations: Partial<Record<HttpMethod, Omit<OperationSpec, "tag"> & { tag?: string }>>;
}

/** `points` requests a minute, counted in the shared store unless said otherwise. */
export const perMinute = (points: number, store: "local" | "shared" = "shared") => ({ points, durationSeconds: 60, store });

/**
 * One API module's table of functions (`api/<module>/<module>.routes.ts`), with the module's defaults
 * stated once and applied to every entry that does not set its own.
 */
export function moduleRoutes<T extends Record<string, ModuleFunction>>(
  defaults: ModuleDefaults,
  functions: T,
): { [K in keyof T]: FunctionSpec } {
  const out = {} as { [K in keyof T]: FunctionSpec };
  for (const [name, fn] of Object.entries(functions) as [keyof T, ModuleFunction][]) {
    const operations: FunctionSpec["operations"] = {};
    for (const method of HTTP_METHODS) {
      const op = fn.operations[method];
      if (op) operations[method] = { ...op, tag: op.tag ?? defaults.tag } as OperationSpec;
    }
    out[name] = { ...fn, secrets: fn.secrets ?? defaults.secrets, operations };
  }
  return out;
}

/**
 * The whole API from its modules' tables. A function name or a method + path declared twice is a
 * mistake that would silently shadow an endpoint: it throws when the table is built.
 */
export function composeRoutes<T extends Record<string, FunctionSpec>[]>(...modules: T): Merged<T> {
  const all: Record<string, FunctionSpec> = {};
  const paths = new Map<string, string>();
  for (const table of modules) {
    for (const [name, spec] of Object.entries(table)) {
      if (Object.hasOwn(all, name)) throw new Error(`Function ${name} is declared twice`);
      all[name] = spec;
      const methods = HTTP_METHODS.filter((m) => spec.operations[m]);
      for (const method of methods.length ? methods : (["*"] as const)) {
        const key = `${method} ${spec.path.replace(/\{[^}]+\}/g, "{}")}`;
        const other = paths.get(key);
        if (other) throw new Error(`${key} is declared by both ${other} and ${name}`);
        paths.set(key, name);
      }
    }
  }
  return all as Merged<T>;
}

type Merged<T extends unknown[]> = T extends [infer Head, ...infer Rest] ? Head & Merged<Rest> : Record<never, FunctionSpec>;
