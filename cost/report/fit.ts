/**
 * Fits a Markdown document under a size limit by dropping whole items (a table row, a list item, a whole
 * `<details>` block), never part of one, and saying what was dropped. GitHub rejects a comment body over
 * 65,536 characters; cutting the text at the limit leaves a `<details>` or a table open.
 */

/** GitHub's limit on an issue or pull-request comment body, in characters. */
export const COMMENT_LIMIT = 65_536;

/** A part of a document: fixed lines around items that may be dropped (the last ones first). */
export interface Section {
  readonly head: readonly string[];
  /** Droppable items, each whole lines (one row, one list item, one whole `<details>` block). */
  readonly items: readonly (readonly string[])[];
  readonly tail: readonly string[];
  /**
   * Trimming order: every section of level 1 loses items (the last section in the document first) before
   * any of level 2, and so on. 0: never trimmed.
   */
  readonly level: number;
  /** The line saying what was dropped, given how many items were dropped and how many kept. */
  readonly dropped?: (dropped: number, kept: number) => string;
  /** Where that line goes: before the tail (inside a quote or a list) or after it (after a table). */
  readonly droppedAt?: "before-tail" | "after-tail";
}

export interface Fitted {
  readonly text: string;
  /** Items dropped in all. */
  readonly dropped: number;
  /** Items dropped from the sections of at least this level (1: all of them). */
  readonly droppedFrom: (level: number) => number;
}

function linesLength(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

function sectionLines(s: Section, kept: number): string[] {
  const items = s.items.slice(0, kept).flat();
  const n = s.items.length - kept;
  const note = n > 0 && s.dropped ? [s.dropped(n, kept)] : [];
  return s.droppedAt === "before-tail"
    ? [...s.head, ...items, ...note, ...s.tail]
    : [...s.head, ...items, ...s.tail, ...note];
}

/** Each line ends with "\n": the length of the text is the sum of (line length + 1). */
function sectionLength(s: Section, kept: number, prefix: readonly number[]): number {
  const n = s.items.length - kept;
  const note = n > 0 && s.dropped ? s.dropped(n, kept).length + 1 : 0;
  return linesLength(s.head) + prefix[kept]! + linesLength(s.tail) + note;
}

/** Renders the sections, dropping items in level order until the text is at most `limit` characters. */
export function fitSections(sections: readonly Section[], limit: number = COMMENT_LIMIT): Fitted {
  const prefix = sections.map((s) => {
    const sums = [0];
    for (const item of s.items) sums.push(sums[sums.length - 1]! + linesLength(item));
    return sums;
  });
  const kept = sections.map((s) => s.items.length);
  const length = (i: number, k: number) => sectionLength(sections[i]!, k, prefix[i]!);
  let total = sections.reduce((n, _s, i) => n + length(i, kept[i]!), 0);
  const levels = [...new Set(sections.map((s) => s.level).filter((l) => l > 0))].sort((a, b) => a - b);
  for (const level of levels) {
    for (let i = sections.length - 1; i >= 0 && total > limit; i--) {
      if (sections[i]!.level !== level) continue;
      const others = total - length(i, kept[i]!);
      // The most items that still fit (binary search: a section grows with every item it keeps).
      let lo = 0;
      let hi = kept[i]!;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (others + length(i, mid) <= limit) lo = mid;
        else hi = mid - 1;
      }
      kept[i] = lo;
      total = others + length(i, lo);
    }
  }
  const text = sections.flatMap((s, i) => sectionLines(s, kept[i]!)).join("\n") + "\n";
  if (text.length > limit) {
    // Only the fixed lines are left and they are too long: the caller's limit is too small for them.
    throw new Error(`the report's fixed lines alone take ${text.length} characters (limit ${limit})`);
  }
  const droppedFrom = (level: number) =>
    sections.reduce((n, s, i) => n + (s.level >= level ? s.items.length - kept[i]! : 0), 0);
  return { text, dropped: droppedFrom(1), droppedFrom };
}
