import { toObjectId } from "../../core/access/to-object-id";
import type { LicenceDoc } from "../../core/marketplace/licences-store";
import type { ListingVersionDoc } from "../../core/marketplace/listings-store";
import { HttpError, notFound } from "../../platform/http-error";
import { Reply, type OperationContext } from "../../platform/operation";
import type { Services } from "../../services";
import type { ForkLicenceInput, ListingParams, PinInput } from "./marketplace.schema";

/** The caller's active licence of a listing and the versions it gives: the one bought and every later approved revision. */
async function licensed(
  services: Pick<Services, "store">,
  uid: string,
  listingId: string,
): Promise<{ licence: LicenceDoc; versions: ListingVersionDoc[] }> {
  const [licences, listings] = await Promise.all([services.store("licences"), services.store("listings")]);
  const id = toObjectId(listingId, "Listing");
  const licence = await licences.of(uid, id);
  if (licence?.state !== "active") throw notFound("Licence");
  return { licence, versions: await listings.approvedFrom(id, licence.purchased_version) };
}

function chosen(licence: LicenceDoc, versions: ListingVersionDoc[]): ListingVersionDoc {
  const pinned = licence.pinned_version === null ? undefined : versions.find((v) => v.version === licence.pinned_version);
  const v = pinned ?? versions[versions.length - 1];
  if (!v) throw new HttpError(409, "version_unavailable", "The version you bought is not available");
  return v;
}

const contentView = (licence: LicenceDoc, versions: ListingVersionDoc[], v: ListingVersionDoc) => ({
  listingId: licence.listing_id.toHexString(),
  licenceId: licence._id.toHexString(),
  version: v.version,
  pinnedVersion: licence.pinned_version,
  availableVersions: versions.map((x) => x.version),
  type: v.content.type,
  template: v.content.template,
  variables: v.content.variables,
  settings: v.content.settings,
});

/** The bought template: the pinned version, or the latest approved revision (licence holders only). */
export async function getLicensedContent(ctx: OperationContext<ListingParams>) {
  const { licence, versions } = await licensed(ctx.services, ctx.caller.uid, ctx.params.listingId);
  return contentView(licence, versions, chosen(licence, versions));
}

/** Stays on one version of the listing (null: follow the latest approved revision). */
export async function pinLicence(ctx: OperationContext<ListingParams, unknown, PinInput>) {
  const licences = await ctx.services.store("licences");
  const { licence, versions } = await licensed(ctx.services, ctx.caller.uid, ctx.params.listingId);
  if (ctx.body.version !== null && !versions.some((v) => v.version === ctx.body.version)) {
    throw new HttpError(400, "version_not_licensed", `Version ${ctx.body.version} is not one your licence gives`, {
      details: { availableVersions: versions.map((v) => v.version) },
    });
  }
  const pinned = await licences.pin(licence._id, ctx.body.version);
  if (!pinned) throw notFound("Licence");
  return contentView(pinned, versions, chosen(pinned, versions));
}

/** Copies the licensed version into the caller's prompts, marked as licensed (usable, never re-listed; a refund deletes it). */
export async function forkLicence(ctx: OperationContext<ListingParams, unknown, ForkLicenceInput>) {
  const prompts = await ctx.services.store("prompts");
  const { licence, versions } = await licensed(ctx.services, ctx.caller.uid, ctx.params.listingId);
  const v = chosen(licence, versions);
  const { prompt, version } = await prompts.create({
    home: { owner_uid: ctx.caller.uid, team_id: null, project_id: null },
    meta: { title: ctx.body.title ?? v.meta.title, description: v.meta.description, tags: v.meta.tags },
    type: v.content.type,
    forkedFrom: null,
    licensedFrom: { listingId: licence.listing_id, licenceId: licence._id },
    first: {
      template: v.content.template,
      variables: v.content.variables,
      settings: v.content.settings,
      commitMessage: `Licensed from marketplace listing ${licence.listing_id.toHexString()} v${v.version}`,
    },
    createdBy: ctx.caller.uid,
  });
  return new Reply(201, { promptId: prompt._id.toHexString(), version: version.version });
}
