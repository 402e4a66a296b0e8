/** How the config checks report an issue: the field below `environments.<id>` and the message. */
export type Report = (field: string, message: string) => void;

/** Calls `onDuplicate` for each name seen before in `names`. */
export function checkDuplicates(names: readonly string[], onDuplicate: (name: string) => void): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) onDuplicate(name);
    seen.add(name);
  }
}
