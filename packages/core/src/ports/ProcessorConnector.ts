/**
 * Port: one processor's connector (Stripe, Adyen, ...), configured per account and mode. The server
 * routes every PaymentProcessor call to the connector the account's settings name (ProcessorRouter);
 * docs/processors.md is the contract each call keeps.
 */
import { Context, Effect, type Option, type Redacted, Schema } from "effect"
import type {
  AttemptRef,
  AuthorizeOutcome,
  AuthorizeRequest,
  CompleteActionRequest,
  RefundOutcome,
  RefundRef,
  RefundRequest,
  RefundRetrieveOutcome,
  RetrieveOutcome,
  RetrieveRequest,
  SettleOutcome,
  SettleRequest
} from "./PaymentProcessor.ts"

/**
 * The settings of one account and mode, credentials decrypted: what a connector needs to call its
 * processor. Credentials stay Redacted so they never reach a log line by accident.
 */
export interface ConnectorConfig {
  readonly processor: string
  readonly account: string
  readonly livemode: boolean
  /** Secrets, by name (Stripe: `secret_key`, `webhook_secret`; Adyen: `api_key`, `hmac_key`). */
  readonly credentials: Readonly<Record<string, Redacted.Redacted<string>>>
  /** Settings that are not secret (Adyen: `merchant_account`, `client_key`, `environment`; any connector: `base_url`). */
  readonly options: Readonly<Record<string, string>>
}

/**
 * What the hosted page loads so the processor's own component takes the card in the shopper's
 * browser, and only a token reaches Till (`processor_token`). Never holds a secret.
 */
export interface ClientComponent {
  /** The connector that made it; the page sends tokens back under this name. */
  readonly processor: string
  /**
   * Where the page loads the component's script from: the name of one of the connector's
   * `clientFiles` (Till serves it from its own origin, `/c/assets/<name>`), or the processor's URL.
   */
  readonly script: string | null
  /** Its stylesheet, if any (a `clientFiles` name or a URL, as `script`). */
  readonly stylesheet: string | null
  /** Public configuration handed to the component (Adyen's client key and environment, say). */
  readonly config: Readonly<Record<string, string>>
  /**
   * The processor's origins (`https://host`, wildcards as CSP writes them) the component's browser code
   * frames, calls and shows images from: the policy of this session's page allows them (`frame-src`,
   * `connect-src`, `img-src`), and no other page's.
   */
  readonly hosts?: ReadonlyArray<string>
}

/** One file of a client component, as Till serves it. */
export interface ClientFile {
  readonly contentType: string
  readonly body: string
}

/** The raw notification request, exactly as received: the signature covers the body's bytes. */
export interface NotificationRequest {
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * A verified asynchronous outcome: what the processor says became of an attempt (Till's payment
 * intent and attempt id, which the connector sent it as metadata or merchant reference), or of a
 * refund. Fed into the same recording path as `retrieve`'s answers, so it counts once.
 */
export type ProcessorNotification =
  | {
    readonly _tag: "Attempt"
    readonly attempt_id: string
    readonly payment_intent: string
    readonly outcome: Exclude<AuthorizeOutcome, { readonly _tag: "Rejected" }>
  }
  | { readonly _tag: "Refund"; readonly refund_id: string; readonly outcome: RefundOutcome }

/** What the connector makes of a notification request: the outcomes it carries, and the reply the processor expects. */
export interface ParsedNotification {
  readonly notifications: ReadonlyArray<ProcessorNotification>
  /** The body to answer with (Adyen wants `[accepted]`); empty JSON object otherwise. */
  readonly reply: { readonly contentType: string; readonly body: string }
}

/** The notification is not the processor's: its signature or HMAC does not verify, or it does not parse. */
export class NotificationRejected extends Schema.TaggedError<NotificationRejected>()("NotificationRejected", {
  processor: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `The ${this.processor} notification was rejected: ${this.reason}`
  }
}

/**
 * One processor's connector: the PaymentProcessor calls, each with the account's settings, plus
 * what only a connector knows (notifications, the page's client component). Infrastructure failures
 * are defects, never `Failed` (docs/processors.md).
 */
export interface ProcessorConnector {
  /** The name settings use (`stripe`, `adyen`). */
  readonly name: string
  /** The credentials it needs, by name, and the options it requires (checked when settings are stored). */
  readonly credentialNames: ReadonlyArray<string>
  readonly requiredOptions: ReadonlyArray<string>
  readonly authorize: (config: ConnectorConfig, request: AuthorizeRequest) => Effect.Effect<AuthorizeOutcome>
  readonly retrieve: (config: ConnectorConfig, attempt: RetrieveRequest) => Effect.Effect<RetrieveOutcome>
  readonly completeAction: (config: ConnectorConfig, request: CompleteActionRequest) => Effect.Effect<AuthorizeOutcome>
  readonly settle: (config: ConnectorConfig, request: SettleRequest) => Effect.Effect<SettleOutcome>
  readonly refund: (config: ConnectorConfig, request: RefundRequest) => Effect.Effect<RefundOutcome>
  readonly retrieveRefund: (config: ConnectorConfig, refund: RefundRef) => Effect.Effect<RefundRetrieveOutcome>
  /** Verifies (signature/HMAC, as the processor documents) and reads one notification request. */
  readonly parseNotification: (config: ConnectorConfig, request: NotificationRequest) => Effect.Effect<ParsedNotification, NotificationRejected>
  /** What the hosted page loads to tokenize cards; null when cards go through Till's own form. */
  readonly clientComponent: (config: ConnectorConfig) => ClientComponent | null
  /**
   * The files of its client component Till serves from its own origin, by name (`/c/assets/<name>`),
   * so the page's policy needs no other script source: each made when first asked for (the connector
   * may keep it). A failure is a defect, answered 500 and logged. Names are the connector's to keep
   * apart from other connectors' (prefix them with its name).
   */
  readonly clientFiles?: Readonly<Record<string, Effect.Effect<ClientFile>>>
}

/** The connectors the server offers (apps/server registers them); none by default, so only the test processor works. */
export const ProcessorConnectors = Context.Reference<ReadonlyArray<ProcessorConnector>>("till/ProcessorConnectors", {
  defaultValue: () => []
})

/**
 * The files of the offered connectors' client components, by name (every connector's `clientFiles`):
 * what the hosted page's asset route serves besides its own. None by default (apps/server provides
 * them from its connectors).
 */
export const ProcessorClientFiles = Context.Reference<Readonly<Record<string, Effect.Effect<ClientFile>>>>("till/ProcessorClientFiles", {
  defaultValue: () => ({})
})

/** What a connector is before its calls are loaded: its name, what its settings need, and its page component. */
export type ConnectorDescriptor = Pick<ProcessorConnector, "name" | "credentialNames" | "requiredOptions" | "clientComponent" | "clientFiles">

/**
 * A connector whose calls load their implementation on first use (`load`: typically a dynamic import of
 * the module that imports the processor's SDK), so a server registering every connector it offers pays
 * for an SDK's code only once an account uses that processor. A load that fails is a defect, and the
 * next call tries again.
 */
export const deferredConnector = (descriptor: ConnectorDescriptor, load: () => Promise<ProcessorConnector>): ProcessorConnector => {
  let loading: Promise<ProcessorConnector> | undefined
  const loaded = Effect.promise(() =>
    loading ??= load().catch((error: unknown) => {
      loading = undefined
      throw error
    })
  )
  return {
    ...descriptor,
    authorize: (config, request) => Effect.flatMap(loaded, (c) => c.authorize(config, request)),
    retrieve: (config, attempt) => Effect.flatMap(loaded, (c) => c.retrieve(config, attempt)),
    completeAction: (config, request) => Effect.flatMap(loaded, (c) => c.completeAction(config, request)),
    settle: (config, request) => Effect.flatMap(loaded, (c) => c.settle(config, request)),
    refund: (config, request) => Effect.flatMap(loaded, (c) => c.refund(config, request)),
    retrieveRefund: (config, refund) => Effect.flatMap(loaded, (c) => c.retrieveRefund(config, refund)),
    parseNotification: (config, request) => Effect.flatMap(loaded, (c) => c.parseNotification(config, request))
  }
}

/** Every connector's client files in one table; a name two connectors use is a programming error. */
export const clientFilesOf = (connectors: ReadonlyArray<ProcessorConnector>): Readonly<Record<string, Effect.Effect<ClientFile>>> => {
  const files: Record<string, Effect.Effect<ClientFile>> = {}
  for (const connector of connectors) {
    for (const [name, file] of Object.entries(connector.clientFiles ?? {})) {
      if (name in files) throw new Error(`Two connectors serve a client file named ${name}`)
      files[name] = file
    }
  }
  return files
}

/**
 * Port: the processor settings of an account and mode, credentials decrypted. None: the test
 * processor (which refuses live payments with `livemode_unsupported`).
 */
export class ProcessorConfigs extends Context.Service<ProcessorConfigs, {
  readonly find: (scope: { readonly account: string; readonly livemode: boolean }) => Effect.Effect<Option.Option<ConnectorConfig>>
}>()("till/ProcessorConfigs") {}

/** Re-exported for connectors' convenience. */
export type { AttemptRef }
