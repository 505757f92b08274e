/**
 * The Stripe suites against the in-memory server.
 */
import { manualCaptureSuite } from "../src/testing/stripe/ManualCaptureSuite.ts"
import { paymentLinksSuite } from "../src/testing/stripe/PaymentLinksSuite.ts"
import { stripeSuite } from "../src/testing/stripe/StripeSuite.ts"
import { inMemory } from "../src/testing/TestServer.ts"

stripeSuite("stripe client against the in-memory server", inMemory)
paymentLinksSuite("stripe client's payment links against the in-memory server", inMemory)
manualCaptureSuite("stripe client's payment_intent_data and manual capture against the in-memory server", inMemory)
