/**
 * The Stripe suites against the in-memory server.
 */
import { customersSuite } from "../src/testing/stripe/CustomersSuite.ts"
import { paymentLinksSuite } from "../src/testing/stripe/PaymentLinksSuite.ts"
import { stripeSuite } from "../src/testing/stripe/StripeSuite.ts"
import { inMemory } from "../src/testing/TestServer.ts"

stripeSuite("stripe client against the in-memory server", inMemory)
paymentLinksSuite("stripe client's payment links against the in-memory server", inMemory)
customersSuite("stripe client's customers against the in-memory server", inMemory)
