/** The example dataset spec, loosely typed so tests can break it, and the issues loading it reports. */
import { loadDatasets, type DatasetCloud } from "../../pipelines";
import { exampleDatasets } from "../../config/example-datasets";
import { issuesOf as issuesOfLoad, onlyIssueOf } from "./config-issues";

/** The example spec as a loosely typed object, so tests can break it in ways the types forbid. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export function example(cloud: DatasetCloud = "azure"): Loose {
  return exampleDatasets(cloud);
}

export const issuesOf = (input: unknown, cloud: DatasetCloud = "azure") =>
  issuesOfLoad(() => loadDatasets(input, cloud));

export const onlyIssue = (input: unknown, path: string, cloud: DatasetCloud = "azure") =>
  onlyIssueOf(() => loadDatasets(input, cloud), path);

export const table = (spec: Loose, name: string): Loose => spec.tables.find((t: Loose) => t.name === name);
