/**
 * A small structural checker of the GitHub Markdown the reports emit: what truncation at a fixed length
 * breaks. Returns the problems found (empty when the document is well-formed):
 * - `<details>` / `</details>` balanced and properly nested, `<summary>` closed on its line;
 * - code fences (```) closed;
 * - tables: a header row, a `|---|` separator with as many cells, every body row with as many cells, and
 *   a blank line (not text, which GitHub would pull into the table) after the last row;
 * - inline code spans and `<sub>` closed on the line they open.
 */
export function markdownProblems(md: string): string[] {
  const problems: string[] = [];
  const lines = md.split("\n");
  let depth = 0;
  let fence = false;
  let tableCells: number | undefined;
  const cells = (line: string) => line.replace(/\\\|/g, "").split("|").length - 2;
  lines.forEach((line, i) => {
    const at = `line ${i + 1}`;
    if (line.startsWith("```")) {
      fence = !fence;
      return;
    }
    if (fence) return;
    const opens = line.match(/<details>/g)?.length ?? 0;
    const closes = line.match(/<\/details>/g)?.length ?? 0;
    depth += opens - closes;
    if (depth < 0) {
      problems.push(`${at}: </details> without <details>`);
      depth = 0;
    }
    if ((line.match(/<summary>/g)?.length ?? 0) !== (line.match(/<\/summary>/g)?.length ?? 0))
      problems.push(`${at}: <summary> not closed on its line`);
    if ((line.match(/<sub>/g)?.length ?? 0) !== (line.match(/<\/sub>/g)?.length ?? 0))
      problems.push(`${at}: <sub> not closed on its line`);
    if ((line.replace(/\\`/g, "").match(/`/g)?.length ?? 0) % 2 !== 0)
      problems.push(`${at}: inline code not closed: ${line.slice(0, 80)}`);
    const isRow = line.startsWith("|") && line.endsWith("|");
    if (tableCells !== undefined) {
      if (isRow) {
        if (cells(line) !== tableCells)
          problems.push(`${at}: ${cells(line)} cells in a table of ${tableCells}: ${line.slice(0, 80)}`);
        return;
      }
      if (line !== "") problems.push(`${at}: text right after a table (no blank line): ${line.slice(0, 80)}`);
      tableCells = undefined;
      return;
    }
    if (isRow) {
      const sep = lines[i + 1] ?? "";
      if (!/^\|(\s*:?-+:?\s*\|)+$/.test(sep)) {
        problems.push(`${at}: table row without a header separator: ${line.slice(0, 80)}`);
        return;
      }
      if (cells(sep) !== cells(line)) problems.push(`${at}: separator and header differ in cells`);
      if (i > 0 && lines[i - 1] !== "") problems.push(`${at}: table not preceded by a blank line`);
      tableCells = cells(line);
    } else if (line.startsWith("|")) {
      problems.push(`${at}: table row not closed with '|': ${line.slice(0, 80)}`);
    }
  });
  if (depth !== 0) problems.push(`${depth} <details> not closed`);
  if (fence) problems.push("code fence not closed");
  return problems;
}
