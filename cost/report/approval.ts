/**
 * The identity of a set of data-loss warnings, to bind an approval to what it approved: a maintainer's
 * `/allow-data-loss <fingerprint>` accepts exactly this set, and a push that adds, removes or changes a
 * warning (another resource, another kind) changes the fingerprint and needs a new approval.
 */
import { createHash } from "node:crypto";

/** What identifies a warning (a DataLossWarning, or one read back from the JSON report). */
export interface WarningKey {
  readonly kind: string;
  readonly stack: string;
  readonly address: string;
}

/** The command a maintainer comments to approve a warning set (followed by its fingerprint). */
export const APPROVAL_COMMAND = "/allow-data-loss";

/** The label that, with a matching approval comment, lets data loss through the plan-review gate. */
export const APPROVAL_LABEL = "allow-data-loss";

/** `kind stack address`: what is lost, where; the message wording may change without a new approval. */
export function warningId(w: WarningKey): string {
  return `${w.kind} ${w.stack} ${w.address}`;
}

/** First 16 hex digits of the SHA-256 of the sorted, distinct warning ids (one per line). */
export function warningFingerprint(warnings: readonly WarningKey[]): string {
  const ids = [...new Set(warnings.map(warningId))].sort();
  return createHash("sha256").update(ids.join("\n")).digest("hex").slice(0, 16);
}
