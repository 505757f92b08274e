import yaml, json, re, sys
# usage: git show 63a674638635c68de26b9f3add13e58198f4df44:openapi/spec3.yaml > spec3.yaml  (in a clone of stripe/openapi)
#        python3 scripts/trim-openapi.py spec3.yaml test/fixtures/stripe-openapi.trimmed.json
spec = yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)
keep_paths = {
  '/v1/payment_intents': ['post'],
  '/v1/payment_intents/{intent}': ['get'],
  '/v1/payment_intents/search': ['get'],
  '/v1/payment_intents/{intent}/capture': ['post'],
  '/v1/payment_intents/{intent}/cancel': ['post'],
  '/v1/refunds': ['post', 'get'],
  '/v1/payment_methods': ['post'],
  '/v1/refunds/{refund}': ['get'],
}
paths = {}
for p, ms in keep_paths.items():
    item = spec['paths'][p]
    paths[p] = {m: item[m] for m in ms}
    if 'parameters' in item: paths[p]['parameters'] = item['parameters']
def unexpand(o):
    """An expandable field (`anyOf` of its id and the object, marked x-expansionResources) keeps only the id:
    the connector never expands, and the objects behind them (customer, invoice, ...) would pull in most of the API."""
    if isinstance(o, dict):
        if 'anyOf' in o and 'x-expansionResources' in o:
            o = {k: v for k, v in o.items() if k not in ('anyOf', 'x-expansionResources')}
            o.update({'maxLength': 5000, 'type': 'string'})
            return o
        return {k: unexpand(v) for k, v in o.items()}
    if isinstance(o, list):
        return [unexpand(v) for v in o]
    return o
spec['paths'] = unexpand(spec['paths'])
spec['components']['schemas'] = unexpand(spec['components']['schemas'])
refs = set()
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == '$ref' and isinstance(v, str): refs.add(v)
            else: walk(v)
    elif isinstance(o, list):
        for v in o: walk(v)
walk(paths)
schemas = spec['components']['schemas']
done = set()
todo = list(refs)
while todo:
    r = todo.pop()
    if r in done: continue
    done.add(r)
    name = r.split('/')[-1]
    before = set(refs)
    refs.clear()
    walk(schemas[name])
    todo.extend(refs - done)
print(len(done), file=sys.stderr)
# Till's own examples (test/fixtures/till-examples.json), added as named examples to the responses so
# Prism can answer each scenario (Prefer: example=...); the schemas and parameters stay as published.
import os
here = os.path.dirname(os.path.abspath(__file__))
examples = json.load(open(os.path.join(here, '..', 'test', 'fixtures', 'till-examples.json')))
for p, ms in examples.items():
    for m, codes in ms.items():
        for code, named in codes.items():
            resp = paths[p][m]['responses'][code]
            for media in resp['content'].values():
                media['examples'] = named
                media.pop('example', None)
out = {
  'openapi': spec['openapi'],
  'info': {**spec['info'], 'x-till-source': 'github.com/stripe/openapi, openapi/spec3.yaml at commit 63a674638635c68de26b9f3add13e58198f4df44 (2023-09-12), the newest version whose content the mirror holds; API version ' + spec['info']['version'] + '. Trimmed to the paths the Stripe connector calls and the schemas they reference (packages/processor-stripe/scripts/trim-openapi.py), with named response examples of the Till test scenarios added (test/fixtures/till-examples.json).'},
  'servers': spec.get('servers', []),
  'security': spec.get('security', []),
  'paths': paths,
  'components': {'schemas': {r.split('/')[-1]: schemas[r.split('/')[-1]] for r in sorted(done)}, 'securitySchemes': spec['components'].get('securitySchemes', {})},
}
json.dump(out, open(sys.argv[2], 'w'), separators=(',', ':'))
