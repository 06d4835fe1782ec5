import { MONGODB_URI } from "../../platform/params";
import { CreateProjectInput, ProjectList, ProjectView, ProjectsQuery } from "./projects.schema";
import { moduleRoutes, perMinute } from "../../platform/module-routes";
import { operation } from "../../platform/operation";

/** The projects module's functions (composed into the whole API by routes.ts). */
export const projectsRoutes = moduleRoutes(
  { tag: "projects", secrets: [MONGODB_URI] },
  {
    projects: {
      path: "/projects",
      operations: {
        POST: operation({
          operationId: "createProject",
          summary:
            "Create a project of the caller's, or of a team (editors and up); 403 tier_limit_reached past the owner's tier's projects",
          scopes: ["prompts:write"],
          auth: "user",
          rateLimit: perMinute(30),
          body: CreateProjectInput,
          response: ProjectView,
          status: 201,
          errors: [403, 404],
          handler: () => import("./create-project").then((m) => m.createProject),
        }),
        GET: operation({
          operationId: "listProjects",
          summary: "The caller's projects and their teams' (or one team's)",
          scopes: ["prompts:read"],
          auth: "user",
          rateLimit: perMinute(120),
          query: ProjectsQuery,
          response: ProjectList,
          errors: [404],
          handler: () => import("./list-projects").then((m) => m.listProjects),
        }),
      },
    },
  },
);
