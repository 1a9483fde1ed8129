/**
 * The patients list in SQL: one page and, when the client selected `totalCount`, the total in the same statement.
 * Prisma's `findMany` and `count` are two statements, and on two shared cores the second round trip cost a quarter of
 * the patients context's CPU per page (docs/performance.md, the table of changes). The list is every administrator's
 * first screen and the W1 benchmark's, so it is written here once; the other lists stay on `findMany` and `count`.
 */
import { pageQuery, toConnection, type PageArgs } from '@caregraph/db';
import type { PatientScope } from '@caregraph/access';
import { badUserInput } from '@caregraph/errors';
import { escapeLike, optionalSearch, requireBirthDate } from '@caregraph/validation';
import { Prisma, type Patient, type PrismaClient } from '../generated/prisma/client';

export type PatientListArgs = PageArgs & { search?: string | null; includeInactive?: boolean | null };

const MRN = /^MRN-?(\d{1,9})$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Every column of `patients` under its Prisma field name, so a row is a `Patient` as `findMany` returns it (the
 * list's tests, patient-list.test.ts, compare the two, which catches a column added to the schema and not here).
 */
const COLUMNS = Prisma.raw(
  [
    'id',
    'mrn_number AS "mrnNumber"',
    'given_name AS "givenName"',
    'family_name AS "familyName"',
    'birth_date AS "birthDate"',
    'gender',
    'email',
    'phone',
    'address_line AS "addressLine"',
    'address_city AS "addressCity"',
    'address_state AS "addressState"',
    'address_postal_code AS "addressPostalCode"',
    'address_country AS "addressCountry"',
    'active',
    'created_at AS "createdAt"',
    'updated_at AS "updatedAt"',
  ].join(', '),
);

/** The rows a viewer may see that match the list's arguments: the WHERE clause of both the page and its total. */
function filterOf(scope: PatientScope, args: PatientListArgs): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (!scope.all) conditions.push(Prisma.sql`id = ANY(${scope.patientIds}::uuid[])`);
  if (!args.includeInactive) conditions.push(Prisma.sql`active`);
  const terms = (optionalSearch(args.search, 'search', 200) ?? '').split(/\s+/).filter(Boolean);
  if (terms.length > 8) throw badUserInput('Search with at most 8 words.', 'search');
  for (const term of terms) {
    const mrn = MRN.exec(term);
    if (mrn) conditions.push(Prisma.sql`mrn_number = ${Number(mrn[1])}`);
    else if (DATE.test(term)) conditions.push(Prisma.sql`birth_date = ${requireBirthDate(term)}::date`);
    else {
      // ILIKE takes "%" and "_" as wildcards: escaped, a search for "%" finds names with a "%", not every name.
      const pattern = `%${escapeLike(term)}%`;
      conditions.push(Prisma.sql`(given_name ILIKE ${pattern} OR family_name ILIKE ${pattern})`);
    }
  }
  return conditions.length ? Prisma.join(conditions, ' AND ') : Prisma.sql`true`;
}

type Row = Patient & { totalCount?: number };

/**
 * One page ordered by family name, given name and id; `after` continues from the row of that id. With `withTotal`
 * the page is joined to the count, so a page past the end still brings its total (one row whose page columns are null).
 */
export async function listPatients(prisma: PrismaClient, scope: PatientScope, args: PatientListArgs, { withTotal = false } = {}) {
  const { first, take, cursor } = pageQuery(args);
  const where = filterOf(scope, args);
  const after = cursor
    ? Prisma.sql`AND (family_name, given_name, id) > (SELECT family_name, given_name, id FROM patients WHERE id = ${cursor.id}::uuid)`
    : Prisma.empty;
  const page = Prisma.sql`SELECT ${COLUMNS} FROM patients WHERE ${where} ${after} ORDER BY family_name, given_name, id LIMIT ${take}`;
  const count = async () => (await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM patients WHERE ${where}`)[0]!.n;
  if (!withTotal) return toConnection(await prisma.$queryRaw<Patient[]>(page), first, count);

  const rows = await prisma.$queryRaw<Row[]>`
    SELECT page.*, total.n AS "totalCount"
    FROM (SELECT count(*)::int AS n FROM patients WHERE ${where}) AS total
    LEFT JOIN LATERAL (${page}) AS page ON true
    ORDER BY page."familyName", page."givenName", page.id`;
  const total = rows[0]!.totalCount!;
  const patients = rows.filter((row) => row.id !== null).map(({ totalCount: _, ...patient }) => patient);
  return toConnection(patients, first, () => Promise.resolve(total));
}
