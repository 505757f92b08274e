/**
 * Where customers reach this server (`TILL_PUBLIC_URL`): hosted-page and payment-link URLs start with
 * it. Read when an object is shown, never stored, so a server moved to another address hands out
 * URLs at that address for every object, old ones included.
 */
import { Context } from "effect"

/** The public base URL of the hosted pages, such as `https://pay.example.com`. */
export const HostedPageBase = Context.Reference<string>("till/http/HostedPageBase", { defaultValue: () => "http://localhost:4242" })
