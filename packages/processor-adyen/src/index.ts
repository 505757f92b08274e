/** Till's Adyen connector (docs/processors-adyen.md). */
export * as AdyenConnector from "./AdyenConnector.ts"
export * from "./AdyenReferences.ts"
export * as AdyenSettings from "./AdyenSettings.ts"
export * as AdyenNotifications from "./Notifications.ts"
export * as AdyenPaymentMethod from "./PaymentMethod.ts"
export * as AdyenResultMapping from "./ResultMapping.ts"
export * as AdyenTransport from "./Transport.ts"
