import type { Db, ObjectId } from "mongodb";
import { HttpError } from "../../platform/http-error";

/**
 * Teams outlive their owner only if someone else is in them: deleting an account that owns a team
 * with members is refused until ownership is transferred (409), and a team the user owns alone is
 * deleted with everything in it (projects, prompts with their versions and label history,
 * invitations). Runs before any other deletion step, so a refusal changes nothing.
 */
export async function releaseOwnedTeams(db: Db, uid: string): Promise<number> {
  const owned = await db.collection<{ _id: ObjectId; name: string }>("teams").find({ owner_uid: uid }).toArray();
  if (owned.length === 0) return 0;
  const shared: { id: string; name: string }[] = [];
  for (const team of owned) {
    if ((await db.collection("team_members").countDocuments({ team_id: team._id })) > 0) shared.push({ id: team._id.toHexString(), name: team.name });
  }
  if (shared.length) {
    throw new HttpError(409, "team_ownership_transfer_required", "Transfer the ownership of your teams with members before deleting your account", {
      details: { teams: shared },
    });
  }
  for (const team of owned) {
    // Dependants first: an interrupted deletion is completed by repeating it.
    const promptIds = (await db.collection("prompts").find({ team_id: team._id }, { projection: { _id: 1 } }).toArray()).map((p) => p._id);
    await db.collection("prompt_versions").deleteMany({ prompt_id: { $in: promptIds } });
    await db.collection("prompt_label_history").deleteMany({ prompt_id: { $in: promptIds } });
    await db.collection("prompts").deleteMany({ team_id: team._id });
    await db.collection("projects").deleteMany({ team_id: team._id });
    await db.collection("team_invitations").deleteMany({ team_id: team._id });
    await db.collection("usage_counters").deleteMany({ team_id: team._id });
    await db.collection("teams").deleteOne({ _id: team._id });
  }
  return owned.length;
}
