/**
 * Arbitrary variables for any root field of a schema (fast-check), read from its argument and input types. Each run
 * mixes realistic values (real ids and stored values of same-named columns, so that validation passes and deeper code
 * runs) with hostile ones (control characters, lone surrogates, very long text, 32-bit bounds and beyond, impossible
 * or out-of-range dates, wrong enum values) in one of a few proportions; some runs are malformed too (a null for a
 * required value, a missing or extra field, a wrong JSON type), which the gateway's coercion must refuse cleanly.
 */
import fc from 'fast-check';
import { getNamedType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isObjectType, isRequiredArgument, type GraphQLField, type GraphQLInputType } from 'graphql';

/**
 * Real values of the running platform: ids by the entity they name (`invoice` for invoices.id and payments.invoice_id
 * alike), and stored text and numbers by camel-cased column name (`observations.value` gives `value`).
 */
export type Pools = { ids: Record<string, string[]>; values: Record<string, (string | number)[]> };

/** `lab_orders` and `LabOrder` both become `laborder`; `availabilities` becomes `availability`. */
export const entityKey = (name: string) => name.replace(/_/g, '').toLowerCase().replace(/ies$/, 'y').replace(/s$/, '');

/** How hostile a run is: the weight (of 20) of a hostile value at each leaf, and whether malformed values occur. */
type Shape = { hostile: number; malformed: boolean };
const SHAPES: [number, Shape][] = [
  [3, { hostile: 1, malformed: false }], // one field off, the rest real: the deepest runs
  [3, { hostile: 6, malformed: false }],
  [1, { hostile: 16, malformed: false }],
  [2, { hostile: 4, malformed: true }],
];

/** A field left out of an input object (a required one in malformed runs, an optional one often). */
const OMIT = Symbol('omit');

const weighted = <T,>(...pairs: [number, fc.Arbitrary<T>][]) =>
  fc.oneof(...pairs.filter(([weight]) => weight > 0).map(([weight, arbitrary]) => ({ weight, arbitrary })));

/** Values of another JSON type than the one expected. */
const wrongType = fc.constantFrom<unknown>(42, -1.5, true, '', 'x', {}, [], [1, 'a']);

// Text.
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u2028', '\ufeff', '%', '_', '\\', "'", '"', ' ', 'a', '1', '-', '.', '\ud800', '\udc00', '😀', 'é', '李'), maxLength: 24 }),
  fc.constantFrom('', ' ', '   ', 'null', '0', '-1', 'NaN', '1e309', '<script>alert(1)</script>', "'; DROP TABLE users; --", '${7*7}', '%s%s%n', 'a\u0000b'),
  // Past every length limit; the longest stay under the gateway's 100 kB body limit.
  fc.constantFrom('x'.repeat(10_000), 'é'.repeat(5_000), '😀'.repeat(3_000), '\u0000'.repeat(2_000), ' '.repeat(1_000) + 'a', 'a'.repeat(101), 'a'.repeat(201), 'a'.repeat(1_001)),
);
const names = fc.constantFrom('Ana', "O'Brien", 'Zoë Ångström', '李小龙', 'Hypertension', 'Take one tablet twice daily', 'Penicillin', 'Spouse', '12 Harbor Street', 'Portland');
const emails = fc.oneof(fc.emailAddress(), fc.constantFrom('patient@demo.test', 'doctor@demo.test', 'ADMIN@DEMO.TEST', ' admin@demo.test '));
const clockTimes = fc.constantFrom('08:00', '09:00', '09:30', '12:00', '13:00', '17:00');
const timeZones = fc.constantFrom('UTC', 'America/Los_Angeles', 'Europe/Berlin', 'Asia/Kathmandu', 'Etc/GMT+14');
/** Realistic text for what a field's name says it holds. */
function realisticText(name: string, pools: Pools): fc.Arbitrary<unknown> {
  const stored = pools.values[name]?.filter((v): v is string => typeof v === 'string');
  const hinted =
    /email/i.test(name) ? emails
    : /password/i.test(name) ? fc.constantFrom('demo-password', 'a-long-enough-password')
    : /phone/i.test(name) ? fc.constantFrom('+1 555 0100', '+15550100', '(555) 010-0100')
    : /^(start|end)Time$/.test(name) ? clockTimes
    : /timeZone/i.test(name) ? timeZones
    : /key$/i.test(name) ? fc.uuid()
    : names;
  return stored?.length ? weighted<unknown>([3, fc.constantFrom(...stored)], [1, hinted]) : hinted;
}
function hostileTextFor(name: string): fc.Arbitrary<unknown> {
  const hinted =
    /email/i.test(name) ? fc.constantFrom('a@b', '@example.org', 'a@@example.org', 'a b@example.org', `${'a'.repeat(250)}@example.org`)
    : /phone/i.test(name) ? fc.stringMatching(/^\+?[0-9 ()-]{0,22}$/)
    : /^(start|end)Time$/.test(name) ? fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)
    : /timeZone/i.test(name) ? fc.constantFrom('Mars/Olympus', 'utc', '+02:00', 'America/Los_Angeles ')
    : /code$/i.test(name) ? fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 9 })).map(([n, d]) => `${n}-${d}`)
    : names;
  return weighted<unknown>([2, hinted], [3, hostileText]);
}

// Numbers.
/** Beyond 32 bits an Int is the gateway's to refuse; a fraction too. */
const OUT_OF_INT = [2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e21, 1.5];
const realisticInt = (name: string, pools: Pools) => {
  const stored = pools.values[name]?.filter((v): v is number => typeof v === 'number');
  return stored?.length ? weighted<unknown>([2, fc.constantFrom(...stored)], [1, fc.integer({ min: 1, max: 30 })]) : fc.integer({ min: 0, max: 30 });
};
const hostileInt = fc.oneof(fc.integer({ min: -3, max: 10_000 }), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), -0), fc.integer());
const floats = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 5e-324, 1.7976931348623157e308));

// Ids.
/** The real ids an argument or input field is likely to take: `orderId` those of lab orders, else any. */
function realIds(pools: Pools, hint: string): string[] {
  const entity = entityKey(hint.replace(/Ids?$/, ''));
  const matching = Object.entries(pools.ids).filter(([key]) => key.endsWith(entity)).flatMap(([, ids]) => ids);
  return matching.length ? [...new Set(matching)] : Object.values(pools.ids).flat();
}
const realisticId = (pools: Pools, hint: string) => {
  const real = realIds(pools, hint);
  // The first ones are the caller's own or the demo's, where authorization lets the input in deepest.
  return weighted<unknown>([4, fc.constant(real[0])], [2, fc.constantFrom(...real.slice(0, 3))], [2, fc.constantFrom(...real)]);
};
const hostileId = (pools: Pools, hint: string) =>
  fc.oneof(
    fc.uuid(),
    fc.constantFrom(...realIds(pools, hint)).map((id) => id.toUpperCase()),
    fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'not-a-uuid', ' '),
    hostileText,
    fc.integer({ min: 0 }),
  );

// Dates and times.
const DAY = 86_400_000;
/** Slot-like instants: on the hour or half hour from yesterday to two weeks on, US west-coast working hours included. */
const nearNow = fc.tuple(fc.integer({ min: -1, max: 14 }), fc.integer({ min: 0, max: 47 })).map(([days, halfHours]) => new Date(Math.floor(Date.now() / DAY + days) * DAY + halfHours * 1_800_000));
const recentPast = fc.integer({ min: 1, max: 3650 }).map((days) => new Date(Date.now() - days * DAY));
const realisticDateTime = fc.oneof(nearNow, recentPast).map((d) => d.toISOString());
const hostileDateTime = fc.oneof(
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  // Impossible days and times, the ends of the 4-digit years in UTC and beyond them through an offset, no offset.
  fc.constantFrom('2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01T09:60:00Z', '2026-03-01T09:30:00+25:00', '2026-03-01T09:30:00', '2026-03-01 09:30:00Z', 'now', ''),
  fc.constantFrom('0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '0001-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '9999-12-31T23:30:00Z', '9999-12-31T23:59:59-12:00', '9999-12-31T23:59:59.999999999Z'),
);
const realisticDate = fc.oneof(nearNow, recentPast).map((d) => d.toISOString().slice(0, 10));
const hostileDate = fc.oneof(
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2026-02-29', '2024-02-29', '2026-02-30', '0000-01-01', '0001-01-01', '0099-12-31', '1899-12-31', '1900-01-01', '9999-12-31', '2026-1-1', '20260101', ''),
);

// Decimals.
const realisticDecimal = fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 99 })).map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`);
const hostileDecimal = fc.oneof(
  fc.tuple(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.option(fc.integer({ min: 0, max: 9999 }))).map(([whole, fraction]) => (fraction === null ? `${whole}` : `${whole}.${fraction}`)),
  fc.constantFrom('0', '-0', '0.0000', '-1', '0.0001', '99999999.9999', '9999999999.99', '10000000000', '999999999999999.9999', '-999999999999999.9999', '1e5', 'NaN', 'Infinity', '', ' 1', '1.23456', '00012', '1.', '.5', '+1'),
);

function leafFor(typeName: string, name: string, pools: Pools, shape: Shape): fc.Arbitrary<unknown> {
  const [realistic, hostile] = ((): [fc.Arbitrary<unknown>, fc.Arbitrary<unknown>] => {
    switch (typeName) {
      case 'String':
        return [realisticText(name, pools), hostileTextFor(name)];
      case 'ID':
        return [realisticId(pools, name), hostileId(pools, name)];
      case 'Int':
        return [realisticInt(name, pools), hostileInt];
      case 'Float':
        return [fc.double({ min: 0, max: 1000, noNaN: true }), floats];
      case 'Boolean':
        return [fc.boolean(), fc.boolean()];
      case 'DateTime':
        return [realisticDateTime, hostileDateTime];
      case 'Date':
        return [realisticDate, hostileDate];
      case 'Decimal':
        return [realisticDecimal, hostileDecimal];
      default:
        // A scalar this file does not know yet still gets JSON of every shape.
        return [fc.jsonValue(), fc.jsonValue()];
    }
  })();
  const beyondInt = typeName === 'Int' ? fc.constantFrom(...OUT_OF_INT) : wrongType;
  return weighted<unknown>([20 - shape.hostile, realistic], [shape.hostile, hostile], [shape.malformed ? 2 : 0, beyondInt], [shape.malformed ? 1 : 0, wrongType]);
}

/** Values for `type`, named `name` (an argument or input field): null now and then, where it is required in malformed runs. */
function valueFor(type: GraphQLInputType, name: string, pools: Pools, shape: Shape, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return weighted<unknown>([30, nullableValueFor(type.ofType, name, pools, shape, depth)], [shape.malformed ? 1 : 0, fc.constant(null)]);
  return weighted<unknown>([6, nullableValueFor(type, name, pools, shape, depth)], [1, fc.constant(null)]);
}

function nullableValueFor(type: GraphQLInputType, name: string, pools: Pools, shape: Shape, depth: number): fc.Arbitrary<unknown> {
  if (isListType(type)) {
    const item = valueFor(type.ofType, name, pools, shape, depth + 1);
    // A single value is coerced to a list of one.
    return weighted<unknown>([10, fc.array(item, { minLength: 1, maxLength: 3 })], [1, fc.constant([])], [1, item], [shape.hostile > 5 ? 1 : 0, fc.array(item, { minLength: 20, maxLength: 60 })]);
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return weighted<unknown>([20, fc.constantFrom(...values)], [shape.malformed ? 2 : 0, fc.constantFrom('NOT_A_VALUE', values[0]!.toLowerCase(), 1)]);
  }
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant(null);
    const fields = Object.values(type.getFields()).map((field) => {
      const value = valueFor(field.type, field.name, pools, shape, depth + 1);
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      return [field.name, required ? weighted<unknown>([40, value], [shape.malformed ? 1 : 0, fc.constant(OMIT)]) : weighted<unknown>([1, value], [1, fc.constant(OMIT)])] as const;
    });
    const extra = shape.malformed ? fc.option(fc.constant({ unexpectedField: 'x' }), { freq: 20 }) : fc.constant(null);
    const object = fc
      .tuple(fc.tuple(...fields.map(([, value]) => value)), extra)
      .map(([values, more]) => ({ ...Object.fromEntries(fields.map(([field], i) => [field, values[i]]).filter(([, v]) => v !== OMIT)), ...more }));
    return weighted<unknown>([30, object], [shape.malformed ? 1 : 0, wrongType]);
  }
  return leafFor(getNamedType(type).name, name, pools, shape);
}

/** A mutation (or query) document calling `field` with every argument as a variable, and the variables' arbitrary. */
export function operationFor(operationType: 'mutation' | 'query', field: GraphQLField<unknown, unknown>, pools: Pools) {
  const declarations = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const call = field.args.length ? `(${field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : '';
  const document = `${operationType} Fuzz${declarations ? `(${declarations})` : ''} { ${field.name}${call}${selectionFor(field.type)} }`;
  const variablesShaped = (shape: Shape) => {
    const args = field.args.map((arg) => {
      // An `id` argument names a row of what the mutation returns (`issueInvoice(id)`: an invoice).
      const value = valueFor(arg.type, arg.name === 'id' ? getNamedType(field.type).name : arg.name, pools, shape);
      return [arg.name, isRequiredArgument(arg) ? weighted<unknown>([30, value], [shape.malformed ? 1 : 0, fc.constant(OMIT)]) : weighted<unknown>([3, value], [1, fc.constant(OMIT)])] as const;
    });
    return fc.tuple(...args.map(([, value]) => value)).map((values) => Object.fromEntries(args.map(([arg], i) => [arg, values[i]]).filter(([, v]) => v !== OMIT)));
  };
  const variables = weighted(...SHAPES.map(([weight, shape]): [number, fc.Arbitrary<Record<string, unknown>>] => [weight, variablesShaped(shape)]));
  return { document, variables };
}

/** The result's own leaf fields (those without required arguments), so serialising what was stored is tried too. */
function selectionFor(type: GraphQLField<unknown, unknown>['type']): string {
  const named = getNamedType(type);
  if (!isObjectType(named)) return '';
  const leaves = Object.values(named.getFields()).filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some(isRequiredArgument));
  return ` { __typename ${leaves.map((f) => f.name).join(' ')} }`;
}
