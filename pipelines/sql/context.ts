/** What the pipeline SQL generator needs to know about the deployment, beyond the dataset spec. */
import type { DatasetCloud } from "../spec/schema";
import type { EventHubsReaderSettings } from "../sources/event-hubs";
import type { KinesisReaderSettings } from "../sources/kinesis";

export interface PipelineSqlContext {
  readonly cloud: DatasetCloud;
  /** Tables are written to `<catalog>.<bronze|silver|gold>.<table>`. */
  readonly catalog: string;
  /**
   * Landing location, e.g. `abfss://landing@acct.dfs.core.windows.net/` or `s3://bucket/`. May contain
   * Terraform tokens (`${…}`); it is written as an escaped SQL string literal.
   */
  readonly landingUrl: string;
  /** Settings of `event-hubs` sources' reader. */
  readonly eventHubs?: EventHubsReaderSettings;
  /** Settings of `kinesis` sources' reader. */
  readonly kinesis?: KinesisReaderSettings;
}
