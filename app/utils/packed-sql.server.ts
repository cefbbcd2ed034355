// SQL fragments, written per provider, for raw queries whose rows the database packs into ONE
// text (the availability search and its occupancy cache: decoding thousands of rows through the
// driver cost more than the query, issue 7).
import { Prisma as PrismaSql } from "~/db.server";

/** An instant column as whole milliseconds since the epoch. */
export function epochMsSql(postgres: boolean, column: PrismaSql.Sql): PrismaSql.Sql {
  return postgres
    ? PrismaSql.sql`(date_part('epoch', ${column}) * 1000)::bigint`
    : PrismaSql.sql`CAST(round(unixepoch(${column}, 'subsec') * 1000) AS INTEGER)`;
}

/** A text expression as a JSON string literal. */
export function jsonStringSql(postgres: boolean, text: PrismaSql.Sql): PrismaSql.Sql {
  return postgres ? PrismaSql.sql`to_json(${text})::text` : PrismaSql.sql`json_quote(${text})`;
}

/** The texts of every row joined with commas (an aggregate; null when there is no row). */
export function commaJoinedSql(postgres: boolean, text: PrismaSql.Sql): PrismaSql.Sql {
  return postgres ? PrismaSql.sql`string_agg(${text}, ',')` : PrismaSql.sql`group_concat(${text}, ',')`;
}
