import { ObjectId } from "mongodb";
import { HttpError } from "../../platform/http-error";

/** An id that is not an ObjectId names nothing: 404, like any id the caller cannot see. */
export function toObjectId(id: string, what: string): ObjectId {
  if (!ObjectId.isValid(id)) throw new HttpError(404, "not_found", `${what} not found`);
  return new ObjectId(id);
}
