/**
 * The AWS account, partition and region a construct builds in, read at deploy time (never written into
 * config). Constructs build ARNs, key policies and globally unique names from them.
 */
export interface AwsAccountRegion {
  /** AWS account id (a token from `aws_caller_identity` is expected). */
  readonly accountId: string;
  /** AWS partition (`aws`, `aws-us-gov`, …; a token from `aws_partition` is expected). */
  readonly partition: string;
  /** AWS region of the resources, e.g. `eu-west-1`. */
  readonly region: string;
}
