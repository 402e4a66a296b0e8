/**
 * cdktf's cross-stack references. When a resource of one stack uses a value of another, cdktf writes an
 * `output "cross-stack-output-<type><logical id><attribute>"` in the producing stack and, in the
 * consuming one, `data "terraform_remote_state" "cross-stack-reference-input-<producer>"` configured
 * with the producer's backend; the value is then read as
 * `${data.terraform_remote_state.cross-stack-reference-input-<producer>.outputs.<output>}`
 * (cdktf 0.21 lib/app.js `crossStackReference`, lib/terraform-stack.js
 * `registerOutgoingCrossStackReference` / `registerIncomingCrossStackReference`). The output name carries the producer's logical id, so the
 * text of such a reference changes with a rename even when its value does not.
 */
import { type Attributes, isRecord } from "./values";

/** The name prefix cdktf gives the remote-state data source that reads a producing stack. */
export const CROSS_STACK_INPUT_PREFIX = "cross-stack-reference-input-";

/** A stack's backend: `terraform.backend.<type>` and its settings. */
export interface StackBackend {
  readonly type: string;
  readonly config: Attributes;
}

/** The backend a synthesized stack declares, if any. */
export function stackBackend(json: Attributes | undefined): StackBackend | undefined {
  const terraform = isRecord(json?.terraform) ? json.terraform : undefined;
  const backend = isRecord(terraform?.backend) ? terraform.backend : undefined;
  const [entry] = Object.entries(backend ?? {});
  return entry && isRecord(entry[1]) ? { type: entry[0], config: entry[1] } : undefined;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameJson(a[k], b[k]));
  }
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  return a === b;
}

/**
 * The stack a `terraform_remote_state` data source reads: the one whose backend has the same type and
 * settings (what Terraform itself goes by), else the stack cdktf named the data source after.
 * `name` is the data source's logical id, `body` its arguments.
 */
export function remoteStateProducer(
  name: string,
  body: Attributes,
  stacks: readonly { readonly name: string; readonly backend?: StackBackend }[],
): string | undefined {
  const byBackend = stacks.filter(
    (s) => s.backend && s.backend.type === body.backend && sameJson(s.backend.config, body.config ?? {}),
  );
  if (byBackend.length === 1) return byBackend[0]!.name;
  if (!name.startsWith(CROSS_STACK_INPUT_PREFIX)) return undefined;
  const named = name.slice(CROSS_STACK_INPUT_PREFIX.length);
  return stacks.some((s) => s.name === named) ? named : undefined;
}
