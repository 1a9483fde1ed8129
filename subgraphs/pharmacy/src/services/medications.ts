/** The medication catalogue and its stock: who may read and change it, restocking, and the stock moves of a dispense. */
import { randomUUID } from 'node:crypto';
import { assertRole } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { isUniqueViolation, paginate, type PageArgs } from '@caregraph/db';
import { badUserInput, conflict, forbidden, notFound } from '@caregraph/errors';
import { recordEvent, type ContextEvents } from '@caregraph/events';
import { escapeLike, optionalSearch, plainText, requireCount, requireId, requireName } from '@caregraph/validation';
import type { Medication, MedicationForm, Prisma, PrismaClient } from '../generated/prisma/client';
import { CATALOGUE_READERS, PHARMACY_STAFF, STOCK_READERS } from './roles';

export type CreateMedicationInput = { code: string; name: string; form: MedicationForm; strength: string; ingredients?: string[] | null; reorderLevel: number };
export type MedicationListArgs = PageArgs & { search?: string | null; lowStockOnly?: boolean | null };

type Tx = Prisma.TransactionClient;
/** An RxNorm concept id (RXCUI): digits, no leading zero. */
const RXCUI = /^[1-9][0-9]{0,9}$/;
/** Bounds that keep every sum far inside PostgreSQL's integer. */
export const MAX_UNITS = 100_000;
/** Restocking stops here, however often it is repeated: stock_on_hand is a PostgreSQL integer. */
export const MAX_STOCK = 100_000_000;
const MAX_REORDER_LEVEL = 1_000_000;

export class MedicationService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
  ) {}

  /** One catalogue item, or null. */
  async get(viewer: Viewer | undefined, id: string) {
    assertRole(viewer, ...CATALOGUE_READERS);
    return this.prisma.medication.findUnique({ where: { id: requireId(id) } });
  }

  /** The catalogue by name; `lowStockOnly` keeps the items at or below their reorder level (staff only). */
  async list(viewer: Viewer | undefined, args: MedicationListArgs) {
    assertRole(viewer, ...CATALOGUE_READERS);
    if (args.lowStockOnly && !STOCK_READERS.includes(viewer.role)) throw forbidden('Stock levels are for pharmacy and clinical staff.');
    const search = optionalSearch(args.search, 'search');
    const where: Prisma.MedicationWhereInput = {
      AND: [
        search ? { OR: [{ name: { contains: escapeLike(search), mode: 'insensitive' } }, { code: search }] } : {},
        args.lowStockOnly ? { stockOnHand: { lte: this.prisma.medication.fields.reorderLevel } } : {},
      ],
    };
    return paginate(
      args,
      (slice) => this.prisma.medication.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], ...slice }),
      () => this.prisma.medication.count({ where }),
    );
  }

  /**
   * A new catalogue item, with no stock: it starts at or below its reorder level without having crossed it, so
   * `pharmacy.stock.low` is armed only once a restock lifts it above. `id` is fixed only by demo seeding.
   */
  async create(viewer: Viewer | undefined, input: CreateMedicationInput, id: string = randomUUID()) {
    assertRole(viewer, ...PHARMACY_STAFF);
    const code = plainText(input.code, 'code').trim();
    if (!RXCUI.test(code)) throw badUserInput('code must be an RxNorm concept id (RXCUI): digits only, e.g. 308191.', 'code');
    const name = requireName(input.name, 'name', 200);
    const strength = requireName(input.strength, 'strength', 100);
    const ingredients = [...new Set((input.ingredients?.length ? input.ingredients : [name.split(/\s+/)[0]!]).map((i) => requireName(i, 'ingredients', 100).toLowerCase()))];
    if (ingredients.length > 20) throw badUserInput('ingredients takes at most 20 substances.', 'ingredients');
    const reorderLevel = requireCount(input.reorderLevel, 'reorderLevel', { min: 0, max: MAX_REORDER_LEVEL });
    try {
      return await this.events.transaction(async (tx) => {
        const medication = await tx.medication.create({
          data: { id, code, name, form: input.form, strength, ingredients, reorderLevel, stockOnHand: 0, lowStockSignalled: true },
        });
        await recordEvent(tx, 'pharmacy.medication.created', medication.id, { medicationId: medication.id, code, name, form: medication.form, strength });
        return medication;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`The catalogue already has a medication with code ${code}.`);
      throw error;
    }
  }

  /** Adds received units; rising above the reorder level clears `lowStockSignalled`, so the next crossing is announced. */
  async restock(viewer: Viewer | undefined, medicationId: string, quantity: number) {
    assertRole(viewer, ...PHARMACY_STAFF);
    const id = requireId(medicationId, 'medicationId');
    const units = requireCount(quantity, 'quantity', { max: MAX_UNITS });
    return this.events.transaction(async (tx) => {
      // One statement: the addition and the re-arming read the same row version, whatever runs alongside. The ceiling
      // is compared without adding, so that no sum is computed for a stock already at it.
      const changed = await tx.$executeRaw`
        UPDATE medications
           SET stock_on_hand = stock_on_hand + ${units},
               low_stock_signalled = CASE WHEN stock_on_hand + ${units} > reorder_level THEN false ELSE low_stock_signalled END,
               updated_at = now()
         WHERE id = ${id}::uuid AND stock_on_hand <= ${MAX_STOCK - units}`;
      if (changed === 0) {
        const medication = await tx.medication.findUnique({ where: { id } });
        if (!medication) throw notFound('Medication', id);
        throw conflict(`${medication.name} has ${medication.stockOnHand} units in stock: restocking ${units} would pass the ${MAX_STOCK} a stock may hold.`);
      }
      const medication = (await tx.medication.findUnique({ where: { id } }))!;
      await recordEvent(tx, 'pharmacy.medication.restocked', id, {
        medicationId: id,
        code: medication.code,
        name: medication.name,
        quantity: units,
        stockOnHand: medication.stockOnHand,
        reorderLevel: medication.reorderLevel,
      });
      return medication;
    });
  }

  /**
   * Takes `units` from the stock inside a dispense's transaction. The conditional UPDATE is the whole rule: it
   * subtracts only while enough is left, so concurrent dispenses can never drive the stock below zero. Then, if the
   * stock is now at or below the reorder level and that was not yet announced, it flips `lowStockSignalled` in one
   * more conditional UPDATE and announces `pharmacy.stock.low`: one announcement per crossing, decided by the row.
   */
  async take(tx: Tx, medicationId: string, units: number): Promise<Medication> {
    const taken = await tx.$executeRaw`
      UPDATE medications SET stock_on_hand = stock_on_hand - ${units}, updated_at = now()
       WHERE id = ${medicationId}::uuid AND stock_on_hand >= ${units}`;
    if (taken === 0) {
      const medication = await tx.medication.findUnique({ where: { id: medicationId } });
      throw conflict(`Only ${medication?.stockOnHand ?? 0} units of ${medication?.name ?? 'this medication'} are in stock: restock it or dispense fewer.`);
    }
    const crossed = await tx.$executeRaw`
      UPDATE medications SET low_stock_signalled = true
       WHERE id = ${medicationId}::uuid AND NOT low_stock_signalled AND stock_on_hand <= reorder_level`;
    const medication = (await tx.medication.findUnique({ where: { id: medicationId } }))!;
    if (crossed > 0)
      await recordEvent(tx, 'pharmacy.stock.low', medication.id, {
        medicationId: medication.id,
        code: medication.code,
        name: medication.name,
        stockOnHand: medication.stockOnHand,
        reorderLevel: medication.reorderLevel,
      });
    return medication;
  }
}

