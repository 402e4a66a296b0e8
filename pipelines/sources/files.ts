/**
 * Files dropped into the landing location, read incrementally by Auto Loader (`read_files`). Runs on
 * both clouds: the landing storage is part of every deployment.
 */
import { z } from "zod";
import { customIssue as custom, matchingKey } from "../../vocabulary/config-issues";
import { freeText, TERRAFORM_TEMPLATE } from "../syntax/free-text";
import { identifier } from "../syntax/identifiers";
import { ddlSchema, list } from "../sql/fragments";
import { namedArgument, quoteIdentifier, sqlString } from "../sql/quoting";
import {
  INGESTED_AT,
  metadataColumnNames,
  metadataSelect,
  sourceEntrySchema,
  type MetadataColumn,
  type SourceKind,
} from "./source-kind";

/** read_files options the spec sets from its own fields. */
export const RESERVED_FILE_OPTIONS = ["format", "schema", "schemaHints", "rescuedDataColumn"] as const;

/** Landing-relative folder: no scheme, no leading '/', no '..' segments. */
const relativePath = z.string().superRefine((value, ctx) => {
  if (value === "" || value.startsWith("/") || value.includes("://")) {
    custom(ctx, `'${value}' must be a non-empty path relative to the landing location, e.g. 'customers/'`);
  } else if (value.split("/").some((segment) => segment === "..")) {
    custom(ctx, `'${value}' must not contain '..' segments (it must stay inside the landing location)`);
  } else if (
    TERRAFORM_TEMPLATE.test(value) ||
    value.includes("\\") ||
    [...value].some((c) => c.charCodeAt(0) < 0x20)
  ) {
    custom(ctx, `'${value}' must not contain control characters, backslashes, '\${' or '%{'`);
  }
});

const schema = sourceEntrySchema("files", {
  format: z.enum(["json", "csv", "parquet", "avro"]),
  /** Folder under the landing location, e.g. `customers/`. */
  path: relativePath,
  /** Extra `read_files` / Auto Loader options, e.g. `{ header: "true" }` for CSV. @default {} */
  options: z
    .record(
      matchingKey(/^[A-Za-z][A-Za-z0-9_.]{0,99}$/, "must be an option name of letters, digits, '_' or '.'"),
      freeText(1000),
    )
    .default({}),
  /** Column that keeps fields not matching the declared columns. @default "_rescued_data" */
  rescuedDataColumn: identifier.default("_rescued_data"),
});

/** Columns bronze adds for a file (besides the rescued-data column), from Auto Loader's `_metadata`. */
const FILES_METADATA: readonly MetadataColumn[] = [["_source_file", "_metadata.file_path"], INGESTED_AT];

export type FilesSource = z.output<typeof schema>;

function joinLanding(landingUrl: string, path: string): string {
  return `${landingUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

export const FILES_SOURCE = {
  type: "files",
  schema,
  clouds: ["azure", "aws"],
  metadataColumns: (source) => [...metadataColumnNames(FILES_METADATA), source.rescuedDataColumn],
  validate(source, report) {
    Object.keys(source.options)
      .filter((key) => (RESERVED_FILE_OPTIONS as readonly string[]).includes(key))
      .forEach((key) =>
        report(
          ["options", key],
          `'${key}' is set from the spec (format, the declared columns, rescuedDataColumn) and cannot be an option`,
        ),
      );
  },
  bronzeReader(table, source, ctx) {
    const options: [string, string][] = [
      ["format", sqlString(source.format)],
      ["schema", sqlString(ddlSchema(table.columns))],
      ["rescuedDataColumn", sqlString(source.rescuedDataColumn)],
      ...Object.keys(source.options)
        .sort()
        .map((key): [string, string] => [key, sqlString(source.options[key]!)]),
    ];
    return {
      select: [
        ...table.columns.map((c) => quoteIdentifier(c.name)),
        quoteIdentifier(source.rescuedDataColumn),
        ...metadataSelect(FILES_METADATA),
      ],
      from: [
        "FROM STREAM read_files(",
        list([
          sqlString(joinLanding(ctx.landingUrl, source.path)),
          ...options.map(([k, v]) => namedArgument(k, v)),
        ]),
        ")",
      ].join("\n"),
    };
  },
  infrastructure: {},
} as const satisfies SourceKind<FilesSource>;
