/**
 * Products and prices: the catalog. Ids are unique per account and mode (a merchant may choose a
 * product's id); a price's product must exist while the price does, so a product with prices cannot
 * be deleted; a lookup key names at most one price per account and mode.
 * Frozen in time: a later change gets a new migration, never an edit here.
 */
import { type Kysely, sql } from "kysely"

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table products (
      account text collate "C" not null,
      livemode boolean not null,
      id text collate "C" not null,
      created bigint not null,
      active boolean not null,
      version integer not null,
      doc json not null,
      primary key (account, livemode, id)
    )`.execute(db)
  await sql`create index products_list on products (account, livemode, created, id)`.execute(db)
  await sql`
    create table prices (
      account text collate "C" not null,
      livemode boolean not null,
      id text collate "C" not null,
      created bigint not null,
      product text collate "C" not null,
      active boolean not null,
      currency text not null,
      type text not null,
      lookup_key text collate "C",
      version integer not null,
      doc json not null,
      primary key (account, livemode, id),
      foreign key (account, livemode, product) references products (account, livemode, id)
    )`.execute(db)
  await sql`create index prices_list on prices (account, livemode, created, id)`.execute(db)
  await sql`create index prices_product on prices (account, livemode, product)`.execute(db)
  await sql`create unique index prices_lookup_key on prices (account, livemode, lookup_key) where lookup_key is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table prices`.execute(db)
  await sql`drop table products`.execute(db)
}
