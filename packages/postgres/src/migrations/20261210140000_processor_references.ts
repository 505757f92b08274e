/**
 * Processor references: what a connector must remember of its processor's references between calls
 * (ProcessorReferences; Adyen's pspReference of each payment intent's authorisation, its first
 * settlement, where each refund stands), one row per connector and key, the value the connector's own
 * JSON text. Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table processor_references (
      processor text collate "C" not null,
      key text collate "C" not null,
      value text not null,
      primary key (processor, key)
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table processor_references`.execute(db)
}
