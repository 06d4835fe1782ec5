import { z } from "zod";
import { EntityId } from "../../core/access/entity-id";
import { DisplayText, Owner, PageCursor } from "../../platform/common-schemas";

export const CreateProjectInput = z
  .strictObject({
    name: DisplayText(100).pipe(z.string().min(1, "must not be empty")),
    /** A team project when given (needs the editor role in it); the caller's own project otherwise. */
    teamId: EntityId.optional(),
  })
  .meta({ id: "CreateProjectInput" });
export type CreateProjectInput = z.infer<typeof CreateProjectInput>;

export const ProjectsQuery = z.strictObject({
  teamId: EntityId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: PageCursor.optional(),
});
export type ProjectsQuery = z.infer<typeof ProjectsQuery>;

export const ProjectView = z
  .object({
    id: z.string(),
    name: z.string(),
    owner: Owner,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "ProjectView" });
export const ProjectList = z.object({ projects: z.array(ProjectView), nextCursor: z.string().nullable() }).meta({ id: "ProjectList" });
