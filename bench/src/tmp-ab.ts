import { createHmac } from 'node:crypto';
import autocannon from 'autocannon';
import { seed } from './seed';
import { cpuMs, startCaregraphGateway, startStack } from './stack';

const stack = await startStack();
const g = await startCaregraphGateway(stack);
const seeded = await seed(stack, g.url, 60);
await g.stop();
const url = stack.subgraphUrls.patients!;
console.log('GATEWAY_SECRET set:', !!stack.env.GATEWAY_SECRET);
const SIG = createHmac('sha256', stack.env.GATEWAY_SECRET ?? 'x').update('127.0.0.1').digest('base64url');
const pid = stack.pidsByContext().patients!;
const pick = <T>(a: T[]) => a[Math.floor(Math.random() * a.length)]!;
const variants: Record<string, (id: string) => { headers: Record<string, string>; body: string }> = {
  caregraph: (id) => ({ headers: { accept: 'application/json', 'x-caregraph-client-address': '127.0.0.1', 'x-caregraph-client-address-signature': SIG, 'x-request-id': crypto.randomUUID() },
    body: JSON.stringify({ query: 'query ClinicianDay__patients__2($representations:[_Any!]!){_entities(representations:$representations){...on Patient{givenName familyName birthDate}}}', variables: { representations: [{ __typename: 'Patient', id }] }, operationName: 'ClinicianDay__patients__2' }) }),
  hive: (id) => ({ headers: { accept: 'application/graphql-response+json, application/json, multipart/mixed', 'x-request-id': crypto.randomUUID() },
    body: JSON.stringify({ query: 'query ClinicianDay($representations:[_Any!]!){_entities(representations:$representations){__typename ...on Patient{givenName familyName birthDate}}}', variables: { representations: [{ __typename: 'Patient', id }] }, operationName: 'ClinicianDay' }) }),
  caregraphNoAddr: (id) => ({ headers: { accept: 'application/json', 'x-request-id': crypto.randomUUID() },
    body: JSON.stringify({ query: 'query ClinicianDay__patients__2($representations:[_Any!]!){_entities(representations:$representations){...on Patient{givenName familyName birthDate}}}', variables: { representations: [{ __typename: 'Patient', id }] }, operationName: 'ClinicianDay__patients__2' }) }),
};
for (let round = 0; round < 3; round++) for (const [name, make] of Object.entries(variants)) {
  const run = (duration: number) => autocannon({ url, connections: 8, duration, requests: [{ method: 'POST', setupRequest: (r) => { const v = make(pick(seeded.patients).id); return { ...r, headers: { 'content-type': 'application/json', authorization: `Bearer ${pick(pick(seeded.doctors).tokens)}`, ...v.headers }, body: v.body }; } }] });
  await run(2);
  const c0 = cpuMs([pid]);
  const r = await run(6);
  console.log(name.padEnd(16), Math.round(r.requests.average), 'req/s', ((cpuMs([pid]) - c0) / r.requests.total).toFixed(3), 'ms/req', 'non2xx', r.non2xx);
}
await stack.stop();
