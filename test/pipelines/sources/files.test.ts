/** The `files` source kind: Auto Loader over the landing location. */
import { FILES_SOURCE } from "../../../pipelines/sources/files";
import { example, onlyIssue } from "../../support/datasets";

describe("files sources", () => {
  test.each([
    ["../secrets/", "must not contain '..' segments"],
    ["/customers/", "must be a non-empty path relative to the landing location"],
    ["s3://other-bucket/x/", "must be a non-empty path relative to the landing location"],
    ["customers/${var.x}/", "must not contain control characters, backslashes, '${' or '%{'"],
  ])("file path %j is rejected", (path, rule) => {
    const spec = example();
    spec.sources[1].path = path;
    const issue = onlyIssue(spec, "datasets.sources.customer_changes.path");
    expect(issue).toContain(`'${path}' ${rule}`);
  });

  test("options set from the spec cannot be overridden", () => {
    const spec = example();
    spec.sources[1].options = { format: "csv" };
    const issue = onlyIssue(spec, "datasets.sources.customer_changes.options.format");
    expect(issue).toContain("'format' is set from the spec");
  });

  const source = FILES_SOURCE.schema.parse({
    type: "files",
    name: "customer_changes",
    format: "csv",
    path: "customers/",
    options: { header: "true" },
  });
  const table = {
    name: "customers",
    source: "customer_changes",
    columns: [
      { name: "customer_id", type: "STRING" },
      { name: "changed_at", type: "TIMESTAMP" },
    ],
    bronze: {},
    timeTravel: {},
  };

  test("runs on both clouds and needs only the landing storage", () => {
    expect(FILES_SOURCE.clouds).toEqual(["azure", "aws"]);
    expect(FILES_SOURCE.infrastructure).toEqual({});
  });

  test("bronze adds the file path, the ingestion time and the rescued-data column", () => {
    expect(FILES_SOURCE.metadataColumns(source)).toEqual(["_source_file", "_ingested_at", "_rescued_data"]);
  });

  test("the reader is read_files on the landing folder with the declared schema", () => {
    const reader = FILES_SOURCE.bronzeReader(table, source, {
      cloud: "aws",
      catalog: "c",
      landingUrl: "s3://landing/",
    });
    expect(reader.select).toEqual([
      "`customer_id`",
      "`changed_at`",
      "`_rescued_data`",
      "_metadata.file_path AS `_source_file`",
      "current_timestamp() AS `_ingested_at`",
    ]);
    expect(reader.from).toBe(
      [
        "FROM STREAM read_files(",
        "  's3://landing/customers/',",
        "  format => 'csv',",
        "  schema => '`customer_id` STRING, `changed_at` TIMESTAMP',",
        "  rescuedDataColumn => '_rescued_data',",
        "  header => 'true'",
        ")",
      ].join("\n"),
    );
  });
});
