import { accessTo, Access, ownerOf } from "../../core/access/access-policy";
import { toObjectId } from "../../core/access/to-object-id";
import type { Caller } from "../../core/auth/caller";
import type { Services } from "../../services";
import type { PromptHome } from "./prompts-store";

/** Where a new prompt lives: the given project (the caller needs to be able to write there), or the caller. */
export async function newPromptHome(
  services: Pick<Services, "store">,
  caller: Caller,
  projectId: string | undefined,
): Promise<PromptHome & { access: Access }> {
  if (!projectId) return { owner_uid: caller.uid, team_id: null, project_id: null, access: new Access("owner") };
  const [projects, teams] = await Promise.all([services.store("projects"), services.store("teams")]);
  const project = await projects.get(toObjectId(projectId, "Project"));
  const access = (await accessTo(teams, caller, ownerOf(project))).require("write", "Project");
  return { owner_uid: project.owner_uid, team_id: project.team_id, project_id: project._id, access };
}
