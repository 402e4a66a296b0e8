/**
 * Every source kind the dataset spec accepts. Adding one: a file in this folder exporting a
 * {@link SourceKind}, an entry in {@link SOURCE_KINDS}, and its tests; the spec schema, validation, SQL
 * generation and the environment config checks pick it up from here.
 */
import { z } from "zod";
import { DATABASE_SOURCE } from "./database";
import { EVENT_HUBS_SOURCE } from "./event-hubs";
import { FILES_SOURCE } from "./files";
import { KAFKA_SOURCE } from "./kafka";
import { KINESIS_SOURCE } from "./kinesis";
import type { SourceKind } from "./source-kind";

/** The kinds, in the order error messages list their `type` values. */
export const SOURCE_KINDS = [
  FILES_SOURCE,
  EVENT_HUBS_SOURCE,
  KINESIS_SOURCE,
  KAFKA_SOURCE,
  DATABASE_SOURCE,
] as const;

type SchemasOf<Kinds extends readonly { readonly schema: unknown }[]> = {
  -readonly [K in keyof Kinds]: Kinds[K]["schema"];
};

/** One spec source entry: the union of every kind's schema, selected by `type`. */
export const SOURCE_SCHEMA = z.discriminatedUnion(
  "type",
  SOURCE_KINDS.map((kind) => kind.schema) as SchemasOf<typeof SOURCE_KINDS>,
);

export type DatasetSource = z.output<typeof SOURCE_SCHEMA>;
export type SourceType = DatasetSource["type"];

const BY_TYPE: ReadonlyMap<string, SourceKind<DatasetSource>> = new Map(
  SOURCE_KINDS.map((kind) => [kind.type, kind as unknown as SourceKind<DatasetSource>]),
);

/** The kind of a parsed source entry. */
export function sourceKind<S extends DatasetSource>(source: S): SourceKind<S> {
  const kind = BY_TYPE.get(source.type);
  if (!kind) throw new Error(`source '${source.name}' has unknown type '${source.type}'`);
  return kind as unknown as SourceKind<S>;
}
