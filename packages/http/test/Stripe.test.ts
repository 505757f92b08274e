/**
 * The Stripe suites against the in-memory server.
 */
import { paymentLinksSuite } from "./stripe/PaymentLinksSuite.ts"
import { stripeSuite } from "./stripe/StripeSuite.ts"
import { inMemory } from "./support/TestServer.ts"

stripeSuite("stripe client against the in-memory server", inMemory)
paymentLinksSuite("stripe client's payment links against the in-memory server", inMemory)
