import type { ObjectId } from "mongodb";
import type { Services } from "../../services";
import type { StoreName, Stores } from "../../stores";
import { HttpError } from "../../platform/http-error";

/** A store that keeps data belonging to teams: it deletes one team's when the team is deleted. */
export interface HoldsTeamData {
  /** Idempotent: a deletion interrupted half-way is completed by repeating it. */
  deleteTeamData(teamId: ObjectId): Promise<void>;
}

type TeamDataStore = { [K in StoreName]: Stores[K] extends HoldsTeamData ? K : never }[StoreName];

/** What a team holds besides its membership, in deletion order (dependants before what they name). */
const TEAM_DATA: TeamDataStore[] = ["prompts", "projects", "teamInvitations"];

/**
 * Teams outlive their owner only if someone else is in them: deleting an account that owns a team
 * with members is refused until ownership is transferred (409), and a team the user owns alone is
 * deleted with everything in it (projects, prompts with their versions and label history,
 * invitations, its usage counters). Runs before any other deletion step, so a refusal changes nothing.
 */
export async function releaseOwnedTeams(services: Pick<Services, "store">, uid: string): Promise<number> {
  const teams = await services.store("teams");
  const owned = await teams.ownedBy(uid);
  if (owned.length === 0) return 0;
  const shared: { id: string; name: string }[] = [];
  for (const team of owned) {
    if ((await teams.countMembers(team._id)) > 0) shared.push({ id: team._id.toHexString(), name: team.name });
  }
  if (shared.length) {
    throw new HttpError(
      409,
      "team_ownership_transfer_required",
      "Transfer the ownership of your teams with members before deleting your account",
      {
        details: { teams: shared },
      },
    );
  }
  for (const team of owned) {
    // Dependants first: an interrupted deletion is completed by repeating it.
    for (const name of TEAM_DATA) await (await services.store(name)).deleteTeamData(team._id);
    await (await services.store("usageCounters")).removeTeam(team._id);
    await teams.delete(team._id);
  }
  return owned.length;
}
