/**
 * Coupons and promotion codes: one row each. `times_redeemed` and `max_redemptions` are columns so that
 * a session write can count a redemption with one conditional UPDATE (see SessionRepositoryPg); a code
 * is unique, case-insensitively, among the active codes of its account and mode.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table coupons (
      account text collate "C" not null,
      livemode boolean not null,
      id text collate "C" not null,
      created bigint not null,
      deleted boolean not null default false,
      max_redemptions integer,
      times_redeemed integer not null default 0 check (times_redeemed >= 0),
      version integer not null,
      doc json not null,
      primary key (account, livemode, id)
    )`.execute(db)
  await sql`create index coupons_list on coupons (account, livemode, created, id) where not deleted`.execute(db)
  await sql`
    create table promotion_codes (
      account text collate "C" not null,
      livemode boolean not null,
      id text collate "C" primary key,
      created bigint not null,
      code text not null,
      coupon text collate "C" not null,
      active boolean not null,
      customer text collate "C",
      max_redemptions integer,
      times_redeemed integer not null default 0 check (times_redeemed >= 0),
      version integer not null,
      doc json not null
    )`.execute(db)
  await sql`create index promotion_codes_list on promotion_codes (account, livemode, created, id)`.execute(db)
  await sql`create unique index promotion_codes_active_code on promotion_codes (account, livemode, lower(code)) where active`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table promotion_codes`.execute(db)
  await sql`drop table coupons`.execute(db)
}
