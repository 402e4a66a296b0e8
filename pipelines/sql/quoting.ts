/**
 * How user text reaches generated SQL. Every identifier is backtick-quoted (backticks doubled), every
 * user string is a single-quoted literal with backslash escapes (Spark SQL treats `\` as the escape
 * character and concatenates adjacent literals, so doubling `'` would not escape it), and comments are
 * kept on one line.
 */

/** A backtick-quoted identifier; backticks inside are doubled. */
export function quoteIdentifier(name: string): string {
  // Names rarely hold a backtick: no regex replace for those (~50,000 names at 250 tables per cloud).
  return name.includes("`") ? `\`${name.replace(/`/g, "``")}\`` : `\`${name}\``;
}

/** `catalog`.`schema`.`table`, each part quoted. */
export function qualifiedName(...parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join(".");
}

/** A character sqlString escapes. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NEEDS_ESCAPE = /[\\'\u0000-\u001f\u007f]/;

/** A single-quoted Spark SQL string literal: backslash, quote and control characters escaped. */
export function sqlString(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `'${value}'`; // most text: nothing to escape
  let out = "'";
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === "\\") out += "\\\\";
    else if (char === "'") out += "\\'";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}'`;
}

/** `secret(scope, key)`: a Databricks secret read at run time, so its value never appears in the SQL text. */
export function secret(scope: string, key: string): string {
  return `secret(${sqlString(scope)}, ${sqlString(key)})`;
}

/** A named argument of a table-valued function: option names with dots need backticks. */
export function namedArgument(name: string, value: string): string {
  const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quoteIdentifier(name);
  return `${key} => ${value}`;
}

/** A comment line: newlines in user text would end the comment and start SQL. */
export function commentLine(text: string): string {
  return `-- ${text.replace(/[\r\n]+/g, " ")}`;
}
