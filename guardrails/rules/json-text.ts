/** JSON written as text in a Terraform attribute (an IAM policy, a cluster policy definition). */
import { isRecord } from "../../terraform-json/values";

/** The JSON object `text` holds, or undefined when it is not JSON (e.g. a `${…}` expression) or not an object. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
