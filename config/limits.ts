/**
 * Field rules that encode a cloud's limits, kept apart from the schema's shape so each limit is stated
 * (and tested) once: tag values, money, dates, time zones, state backend names and the names that reach
 * Databricks. Rules that depend on the environment's cloud (tag characters, tag counts, currency) are
 * in `validate/tags.ts` and `validate/budget.ts`.
 */
import { z } from "zod";
import { isTimeZone, TIME_ZONE_RULE } from "../pipelines/syntax/time-zone";
import { customIssue, matching, printableLine, quote } from "../vocabulary/config-issues";

/** Longest tag value on every cloud the toolkit deploys to (AWS 256, Azure 256). */
export const MAX_TAG_VALUE_LENGTH = 256;

/** A tag value: one printable line of at most 256 characters (may be empty, as both clouds allow). */
export const tagValue = printableLine(0, MAX_TAG_VALUE_LENGTH);

/** A value every resource carries as a tag (owner, cost center): 1–256 printable characters. */
export const requiredTagValue = printableLine(1, MAX_TAG_VALUE_LENGTH);

/** Largest monthly budget accepted: beyond it a number is a typo (and prints in exponent notation). */
export const MAX_MONTHLY_LIMIT = 1_000_000_000_000;

/**
 * A money amount: finite (YAML `.inf` and JSON `1e400` parse as Infinity, which synthesizes as `null`),
 * at least 0.01, at most {@link MAX_MONTHLY_LIMIT} and in whole cents, so it prints as plain digits:
 * the AWS Budgets API takes the amount as a string matching `([0-9]*\.)?[0-9]+`.
 */
export const money = z.number().superRefine((value, ctx) => {
  if (!Number.isFinite(value) || value < 0.01 || value > MAX_MONTHLY_LIMIT) {
    customIssue(ctx, `${value} must be a finite amount from 0.01 to ${MAX_MONTHLY_LIMIT}`);
  } else if (Math.abs(Math.round(value * 100) / 100 - value) > 1e-9 * Math.max(1, value)) {
    customIssue(ctx, `${value} must be in whole cents (at most two decimals)`);
  }
});

/**
 * The first day of a real month, `YYYY-MM-01`. Azure budgets start no earlier than 2017-06-01; AWS
 * budgets end by default on 2087-06-15, so a start must come before that.
 */
export const monthStart = z.string().superRefine((value, ctx) => {
  const m = /^(\d{4})-(\d{2})-01$/.exec(value);
  const month = m ? `${m[1]}-${m[2]}` : "";
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || month < "2017-06" || month > "2087-05") {
    customIssue(
      ctx,
      `${quote(value)} must be the first day of a month, YYYY-MM-01 with month 01–12, from 2017-06-01 (Azure's earliest budget start) to 2087-05-01 (AWS budgets end on 2087-06-15)`,
    );
  }
});

/** An IANA time zone name, spelled as Databricks job schedules take it. */
export const timeZone = z.string().superRefine((value, ctx) => {
  if (!isTimeZone(value)) customIssue(ctx, `${quote(value)} ${TIME_ZONE_RULE}`);
});

/**
 * An S3 bucket name for the state backend (general purpose bucket naming rules): 3–63 lowercase
 * letters, digits, dots and hyphens, starting and ending with a letter or digit, no `..`, not an IP
 * address, none of the reserved prefixes and suffixes.
 */
export const s3BucketName = z.string().superRefine((value, ctx) => {
  const ok =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) &&
    !value.includes("..") &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(value) &&
    !/^(xn--|sthree-|amzn-s3-demo-)/.test(value) &&
    !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(value);
  if (!ok) {
    customIssue(
      ctx,
      `${quote(value)} must be an S3 bucket name: 3–63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit, no '..', not an IP address, not starting with xn--, sthree- or amzn-s3-demo-`,
    );
  }
});

/**
 * An AWS region code (`us-east-1`, `us-gov-west-1`, `ap-southeast-5`). Shape only: the state bucket may
 * live in a region without Databricks, so the list in `regions.ts` does not apply.
 */
export const awsRegionCode = matching(
  /^[a-z]{2}(-[a-z]+){1,2}-\d{1,2}$/,
  "must be an AWS region code such as us-east-1 or eu-central-1",
);

/** An Azure resource group name: 1–90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'. */
export const resourceGroupName = matching(
  /^[\p{L}\p{N}_().-]{0,89}[\p{L}\p{N}_()-]$/u,
  "must be an Azure resource group name: 1–90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'",
);

/** A Unity Catalog metastore name: it reaches API calls and scripts, so no quotes, spaces or `$(`. */
export const metastoreName = matching(
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/,
  "must be a metastore name of 1–255 letters, digits, '_' or '-', starting with a letter or digit",
);

/** A cloud VM type id (`Standard_D4ds_v5`, `m5d.large`, `n2-standard-4`). */
export const nodeTypeId = matching(
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/,
  "must be a node type id such as Standard_D4ds_v5 or m5d.large (letters, digits, '_', '.', '-')",
);

/**
 * An account group name as grants and ACLs name it: one printable line of 1–256 characters (Entra ID
 * group display names are at most 256), no leading or trailing spaces.
 */
export const accountGroupName = printableLine(1, 256).superRefine((value, ctx) => {
  // Unity Catalog's built-in group of every account user; the toolkit grants it BROWSE and nothing else.
  if (value.trim().toLowerCase() === "account users") {
    customIssue(
      ctx,
      `${quote(value)} is every user of the account; grant to a group instead (all users already get BROWSE)`,
    );
  }
});

/** The node types a cluster policy allows: at least one, each once. */
export const nodeTypeList = z
  .array(nodeTypeId)
  .min(1)
  .superRefine((types, ctx) => {
    const seen = new Set<string>();
    types.forEach((type, i) => {
      if (seen.has(type)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: `${quote(type)} is listed twice` });
      }
      seen.add(type);
    });
  });
