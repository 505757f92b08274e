#!/usr/bin/python3
"""Till through Debian's stripe-python (python3-stripe 5), as a Python integration would call Stripe.

Usage: till_client.py <base url> <secret key> <command>
  api     runs every step of STEPS in order against the server and prints {step name: result} as JSON;
  verify  reads {"payload", "header", "secret"} as JSON on stdin and checks a webhook delivery with
          stripe.Webhook.construct_event, printing what it made of it.

To cover another call, add a function decorated with @step: it gets the results of the steps before
it (by name) and returns something JSON can hold, which the test (apps/server/test/Python.test.ts)
asserts on under the function's name.
"""
import json
import sys

import stripe

STEPS = []


def step(fn):
    """Registers fn as the next step of `api`."""
    STEPS.append(fn)
    return fn


def error_of(call):
    """What a call that must fail raised: Stripe's error fields as the client exposes them."""
    try:
        call()
    except stripe.error.StripeError as e:
        return {
            "class": type(e).__name__,
            "status": e.http_status,
            "code": e.code,
            "param": getattr(e, "param", None),
            "type": (e.json_body or {}).get("error", {}).get("type"),
            "message": e.user_message,
        }
    raise AssertionError("the call succeeded")


def line_item(name, unit_amount, quantity):
    return {"price_data": {"currency": "usd", "unit_amount": unit_amount, "product_data": {"name": name}}, "quantity": quantity}


@step
def create_session(done):
    s = stripe.checkout.Session.create(
        mode="payment",
        line_items=[line_item("Shirt", 1200, 2), line_item("Socks", 350, 1)],
        success_url="https://shop.example/ok",
        metadata={"order": "py-1"},
    )
    return {"id": s.id, "object": s.object, "status": s.status, "amount_total": s.amount_total, "metadata": dict(s.metadata)}


@step
def retrieve_expanded(done):
    s = stripe.checkout.Session.retrieve(done["create_session"]["id"], expand=["line_items"])
    return {
        "id": s.id,
        "line_items": [[i.description, i.quantity, i.amount_total] for i in s.line_items.data],
        "stripe_version": s.last_response.headers.get("Stripe-Version"),
    }


@step
def list_sessions(done):
    page = stripe.checkout.Session.list(limit=3)
    return {"object": page.object, "ids": [s.id for s in page.data], "has_more": page.has_more}


@step
def expire_session(done):
    s = stripe.checkout.Session.expire(done["create_session"]["id"])
    return {"id": s.id, "status": s.status}


@step
def invalid_quantity(done):
    return error_of(lambda: stripe.checkout.Session.create(
        mode="payment", line_items=[line_item("Shirt", 1200, 0)], success_url="https://shop.example/ok"))


@step
def pinned_version(done):
    s = stripe.checkout.Session.retrieve(done["create_session"]["id"], stripe_version="2026-10-28.endive")
    return {"stripe_version": s.last_response.headers.get("Stripe-Version")}


@step
def unknown_version(done):
    return error_of(lambda: stripe.checkout.Session.retrieve(done["create_session"]["id"], stripe_version="2099-01-01"))


@step
def events_by_types(done):
    page = stripe.Event.list(types=["checkout.session.expired", "checkout.session.completed"], limit=100)
    return {"types": sorted({e.type for e in page.data}), "sessions": [e.data.object.id for e in page.data]}


@step
def product_and_price(done):
    product = stripe.Product.create(name="Mug", metadata={"sku": "M-1"})
    price = stripe.Price.create(product=product.id, unit_amount=1500, currency="usd", lookup_key="py-mug")
    found = stripe.Price.list(lookup_keys=["py-mug"])
    return {"product": product.id, "price": price.id, "price_product": price.product, "type": price.type, "found": [p.id for p in found.data]}


@step
def customer(done):
    c = stripe.Customer.create(email="ada@example.com", name="Ada")
    return {"id": c.id, "object": c.object, "listed": [x.id for x in stripe.Customer.list(email="ada@example.com").data]}


@step
def session_of_price(done):
    s = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": done["product_and_price"]["price"], "quantity": 3}],
        customer=done["customer"]["id"],
        success_url="https://shop.example/ok",
    )
    s = stripe.checkout.Session.retrieve(s.id, expand=["line_items", "customer"])
    item = s.line_items.data[0]
    return {
        "amount_total": s.amount_total,
        "price": item.price.id,
        "product": item.price.product,
        "customer": s.customer.id,
        "email": s.customer_details.email,
        "amount_tax": s.total_details.amount_tax,
    }


@step
def customer_and_email(done):
    return error_of(lambda: stripe.checkout.Session.create(
        mode="payment", line_items=[{"price": done["product_and_price"]["price"], "quantity": 1}],
        customer=done["customer"]["id"], customer_email="other@example.com", success_url="https://shop.example/ok"))


def api():
    done = {}
    for fn in STEPS:
        done[fn.__name__] = fn(done)
    return done


def verify(delivery):
    event = stripe.Webhook.construct_event(delivery["payload"], delivery["header"], delivery["secret"])
    tampered = error_of(lambda: stripe.Webhook.construct_event(delivery["payload"] + " ", delivery["header"], delivery["secret"]))
    return {"id": event.id, "type": event.type, "session": event.data.object.id, "tampered": tampered["class"]}


def main():
    base, key, command = sys.argv[1:4]
    stripe.api_base = base
    stripe.api_key = key
    stripe.max_network_retries = 0
    result = api() if command == "api" else verify(json.load(sys.stdin))
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
