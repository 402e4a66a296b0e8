import { Token } from "cdktf";

/**
 * Workspace id as the number the provider's schemas want. Strings (tokens or literals) are passed
 * through as written: Terraform converts them exactly, while a JavaScript number would round ids
 * above 2^53 (Azure workspace ids have up to 16 digits). `owner` names the construct in the error.
 */
export function toWorkspaceId(value: string | number, owner: string): number {
  if (typeof value === "number") return value;
  if (!Token.isUnresolved(value) && !/^\d+$/.test(value)) {
    throw new Error(`${owner}: workspaceId '${value}' is not a numeric workspace id`);
  }
  return Token.asNumber(value);
}
