/**
 * The Stripe suite against the in-memory server.
 */
import { stripeSuite } from "./stripe/StripeSuite.ts"
import { inMemory } from "./support/TestServer.ts"

stripeSuite("stripe client against the in-memory server", inMemory)
