/**
 * The Stripe suites against the in-memory server.
 */
import { brandingSuite } from "../src/testing/stripe/BrandingSuite.ts"
import { customersSuite } from "../src/testing/stripe/CustomersSuite.ts"
import { manualCaptureSuite } from "../src/testing/stripe/ManualCaptureSuite.ts"
import { paymentLinksSuite } from "../src/testing/stripe/PaymentLinksSuite.ts"
import { refundsSuite } from "../src/testing/stripe/RefundsSuite.ts"
import { pricesSuite } from "../src/testing/stripe/PricesSuite.ts"
import { productsSuite } from "../src/testing/stripe/ProductsSuite.ts"
import { stripeSuite } from "../src/testing/stripe/StripeSuite.ts"
import { taxRatesSuite } from "../src/testing/stripe/TaxRatesSuite.ts"
import { promotionsSuite } from "../src/testing/stripe/PromotionsSuite.ts"
import { shippingRatesSuite } from "../src/testing/stripe/ShippingRatesSuite.ts"
import { inMemory } from "../src/testing/TestServer.ts"
import { versionsSuite } from "../src/testing/stripe/VersionsSuite.ts"

stripeSuite("stripe client against the in-memory server", inMemory)
paymentLinksSuite("stripe client's payment links against the in-memory server", inMemory)
versionsSuite("API versions and Stripe's request headers against the in-memory server", inMemory)
productsSuite("stripe client's products against the in-memory server", inMemory)
pricesSuite("stripe client's prices against the in-memory server", inMemory)
customersSuite("stripe client's customers against the in-memory server", inMemory)
manualCaptureSuite("stripe client's payment_intent_data and manual capture against the in-memory server", inMemory)
refundsSuite("stripe client's charges and refunds against the in-memory server", inMemory)
taxRatesSuite("stripe client's tax rates against the in-memory server", inMemory)
promotionsSuite("stripe client's coupons and promotion codes against the in-memory server", inMemory)
brandingSuite("stripe client's account and files against the in-memory server", inMemory)
shippingRatesSuite("stripe client's shipping rates, custom fields and consent against the in-memory server", inMemory)
