/**
 * The port types the connector implements (packages/core: ports/PaymentProcessor.ts and
 * ports/ProcessorConnector.ts), imported in one place.
 */
export {
  type AuthorizeOutcome,
  type AuthorizeRequest,
  type CancellationReason,
  type CardDetails,
  type ClientComponent,
  type CompleteActionRequest,
  type ConnectorConfig,
  type NextAction,
  NotificationRejected,
  type NotificationRequest,
  type ParsedNotification,
  type PaymentError,
  type PaymentMethodInput,
  type ProcessorConnector,
  type ProcessorNotification,
  type RefundOutcome,
  type RefundRequest,
  type RefundRetrieveOutcome,
  type RetrieveOutcome,
  type RetrieveRequest,
  type SettleOutcome,
  type SettleRequest
} from "@till/core"
