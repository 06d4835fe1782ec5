import type { FunctionSpec } from "./platform/operation";
import type { ScheduleSpec } from "./platform/define-schedule";

/** Builds the deployed function of one export name, on first access. */
export type FunctionLoader = (name: string) => unknown;

/**
 * The functions of one module table (`api/<module>/<module>.routes.ts`), loaded with it: a deployed
 * function loads its own module's table, schemas and pipeline, and nothing of other modules.
 */
export function endpointsOf(table: () => Record<string, FunctionSpec>): FunctionLoader {
  return (name) => {
    // Required here, not at the top: a scheduled function never loads the HTTP pipeline.
    const { defineEndpoint } = require("./platform/define-endpoint") as typeof import("./platform/define-endpoint");
    const { platformDeps } = require("./services") as typeof import("./services");
    const spec = table()[name];
    if (!spec) throw new Error(`No function ${name} in its module's table`);
    return defineEndpoint(name, spec, platformDeps());
  };
}

/** The scheduled functions of a schedule table. */
export function schedulesOf(table: () => Record<string, ScheduleSpec>): FunctionLoader {
  return (name) => {
    const { defineSchedule } = require("./platform/define-schedule") as typeof import("./platform/define-schedule");
    const { services } = require("./services") as typeof import("./services");
    const spec = table()[name];
    if (!spec) throw new Error(`No schedule ${name} in its table`);
    return defineSchedule(name, spec, services);
  };
}

/**
 * Defines each export as a getter that builds its function on first access, once. Cloud Functions
 * loads index.js and reads only the export named by FUNCTION_TARGET, so a deployed function pays only
 * for its own module; the Firebase CLI reads every export at deploy time and sees them all.
 */
export function exportLazily(target: object, manifest: Record<string, FunctionLoader>): void {
  for (const [name, load] of Object.entries(manifest)) {
    let built: unknown;
    Object.defineProperty(target, name, { enumerable: true, configurable: false, get: () => (built ??= load(name)) });
  }
}
