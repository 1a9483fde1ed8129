/** Lab orders and their results: who may order, collect, result, correct, cancel and read them, the lifecycle, and their events. */
import { randomUUID } from 'node:crypto';
import { assertRole, type KnownPatients, type PatientAccess } from '@caregraph/access';
import type { Viewer } from '@caregraph/auth';
import { firstVersion, isUniqueViolation, nextVersion, paginate, supersede, type PageArgs } from '@caregraph/db';
import { badUserInput, conflict, forbidden, notFound, unauthenticated } from '@caregraph/errors';
import { recordEvent, type ContextEvents, type LabOrderFacts } from '@caregraph/events';
import { requireDecimal, requireId, requireName } from '@caregraph/validation';
import type { LabOrder, LabOrderStatus, LabPriority, LabResult, LabTest, Prisma, PrismaClient } from '../generated/prisma/client';
import type { LabTestService } from './catalogue';
import { interpret } from './interpretation';
import { statusesAllowing, transition, type LabOrderAction } from './lifecycle';

export type OrderLabTestInput = { patientId: string; testCode: string; priority?: LabPriority | null };
export type LabOrderListArgs = PageArgs & { status?: LabOrderStatus | null };

type Tx = Prisma.TransactionClient;
type OrderWithTest = LabOrder & { test: LabTest };
/** Loaded with every result row, so `current` needs no further query. */
export const WITH_SUCCESSOR = { supersededBy: { select: { id: true } } } as const;
export type LabResultRow = LabResult & { supersededBy: { id: string } | null };

/** The worklist's order: STAT, URGENT, ROUTINE (the enum's order in the database), then oldest first. */
export const WORKLIST_ORDER: Prisma.LabOrderOrderByWithRelationInput[] = [{ priority: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }];
/** What the worklist shows without a status: the orders a technician still has to work on. */
const OPEN: LabOrderStatus[] = ['ORDERED', 'COLLECTED'];
/** How long an order waits for a patient registered a moment ago to be announced (see KnownPatients.find). */
const ANNOUNCEMENT_WAIT_MS = 2_000;
/** Reading orders and results; a patient's own only once RESULTED (mayReadLabOrder). */
export const LAB_RESULTS_READ = 'labResults:read' as const;

export const labOrderFacts = (order: OrderWithTest): LabOrderFacts => ({
  orderId: order.id,
  patientId: order.patientId,
  orderedById: order.orderedById,
  testCode: order.testCode,
  testName: order.test.name,
  priority: order.priority,
  status: order.status,
});

/**
 * Who may read an order (and its results): whoever holds `labResults:read` for the patient (PATIENT_GRANTS), the
 * patient only once it is RESULTED, so an order in the works is invisible to them. The shield rules use this too.
 */
export async function mayReadLabOrder(access: PatientAccess, order: Pick<LabOrder, 'patientId' | 'status'>): Promise<boolean> {
  if (!(await access.can(LAB_RESULTS_READ, order.patientId))) return false;
  return access.viewer?.role !== 'PATIENT' || order.status === 'RESULTED';
}

const changedMeanwhile = (action: LabOrderAction) => conflict(`The lab order changed meanwhile, so ${action} was not applied: reload it.`);

/** The practitioner a technician acts as: every lab technician account is linked to a practitioner record. */
function technician(viewer: Viewer | undefined): string {
  assertRole(viewer, 'LAB_TECHNICIAN');
  if (!viewer.practitionerId) throw forbidden('This lab technician account is not linked to a practitioner record.');
  return viewer.practitionerId;
}

export class LabOrderService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly events: ContextEvents<PrismaClient>,
    private readonly catalogue: LabTestService,
    private readonly knownPatients: KnownPatients,
  ) {}

  /** An order the viewer may read; null when there is none; FORBIDDEN when it is not theirs to see. */
  async get(access: PatientAccess, id: string) {
    if (!access.viewer) throw unauthenticated();
    const order = await this.prisma.labOrder.findUnique({ where: { id: requireId(id) } });
    if (order && !(await mayReadLabOrder(access, order))) throw forbidden('You may not see this lab order.');
    return order;
  }

  /** The worklist: what the viewer may read, filtered in the query so counts and pages are right. */
  async list(access: PatientAccess, args: LabOrderListArgs) {
    const scope = await access.scope(LAB_RESULTS_READ);
    const patientOnly = access.viewer?.role === 'PATIENT';
    const where: Prisma.LabOrderWhereInput = {
      AND: [
        scope.all ? {} : { patientId: { in: scope.patientIds } },
        args.status ? { status: args.status } : { status: { in: OPEN } },
        patientOnly ? { status: 'RESULTED' } : {},
      ],
    };
    return paginate(
      args,
      (slice) => this.prisma.labOrder.findMany({ where, orderBy: WORKLIST_ORDER, ...slice }),
      () => this.prisma.labOrder.count({ where }),
    );
  }

  /** A patient's orders, newest first (`load` batches many patients into one query); the patient sees RESULTED ones only. */
  async ofPatient(access: PatientAccess, patientId: string, status: LabOrderStatus | null | undefined, load: (patientId: string) => Promise<LabOrder[]>) {
    await access.assert(LAB_RESULTS_READ, patientId);
    const orders = await load(patientId);
    return orders.filter((order) => (!status || order.status === status) && (access.viewer?.role !== 'PATIENT' || order.status === 'RESULTED'));
  }

  /** A DOCTOR on the care team orders a test of the catalogue for a known, active patient. `id` is fixed only by demo seeding. */
  async order(access: PatientAccess, input: OrderLabTestInput, id: string = randomUUID()) {
    const patientId = requireId(input.patientId, 'patientId');
    await access.assert('labOrders:create', patientId);
    const orderedById = access.viewer!.practitionerId!;
    const test = await this.catalogue.require(input.testCode, 'testCode');
    const patient = await this.knownPatients.find(patientId, { waitMs: ANNOUNCEMENT_WAIT_MS });
    if (!patient) throw notFound('Patient', patientId);
    if (!patient.active) throw conflict('The patient is deactivated: no lab test can be ordered for them.');
    return this.events.transaction(async (tx) => {
      const order = await tx.labOrder.create({ data: { id, patientId, orderedById, testCode: test.code, priority: input.priority ?? 'ROUTINE' }, include: { test: true } });
      await recordEvent(tx, 'lab.order.placed', order.id, labOrderFacts(order));
      return order;
    });
  }

  /** ORDERED → COLLECTED: the technician took the specimen now. */
  async collect(viewer: Viewer | undefined, orderId: string) {
    const collectedById = technician(viewer);
    const order = await this.require(orderId);
    return this.events.transaction(async (tx) => {
      const collected = await this.move(tx, order, 'collectSpecimen', { specimenCollectedAt: new Date(), collectedById });
      await recordEvent(tx, 'lab.specimen.collected', collected.id, { ...labOrderFacts(collected), collectedAt: collected.specimenCollectedAt!.toISOString() });
      return collected;
    });
  }

  /**
   * COLLECTED → RESULTED with version 1 of the result. The conditional status update and the unique (order, version)
   * index make two concurrent calls end in one result and one CONFLICT.
   */
  async recordResult(viewer: Viewer | undefined, orderId: string, valueInput: string) {
    const performerId = technician(viewer);
    const value = requireDecimal(valueInput, 'value');
    const order = await this.require(orderId);
    try {
      return await this.events.transaction(async (tx) => {
        const resulted = await this.move(tx, order, 'recordLabResult', {});
        await this.writeResult(tx, resulted, { ...firstVersion(), value, performerId });
        return resulted;
      });
    } catch (error) {
      throw isUniqueViolation(error) ? changedMeanwhile('recordLabResult') : error;
    }
  }

  /** A new version of a RESULTED order's current result; the unique `supersedes_id` lets one of two racing corrections win. */
  async correctResult(viewer: Viewer | undefined, orderId: string, valueInput: string, reasonInput: string) {
    const performerId = technician(viewer);
    const value = requireDecimal(valueInput, 'value');
    requireName(reasonInput, 'reason', 500);
    const order = await this.require(orderId);
    transition(order.status, 'correctLabResult');
    const current = await this.prisma.labResult.findFirst({ where: { orderId: order.id, supersededBy: { is: null } } });
    if (!current) throw conflict('The lab order has no result to correct.');
    if (current.value === value) throw badUserInput(`The current result is already ${value}: a correction must change the value.`, 'value');
    return supersede('lab result', () =>
      this.events.transaction(async (tx) => {
        await this.writeResult(tx, order, { ...nextVersion(current, reasonInput), value, performerId });
        return order;
      }),
    );
  }

  /** ORDERED or COLLECTED → CANCELLED: a DOCTOR who may order for the patient (care team), or a LAB_TECHNICIAN (a rejected specimen). */
  async cancel(access: PatientAccess, id: string, reasonInput: string) {
    assertRole(access.viewer, 'DOCTOR', 'LAB_TECHNICIAN');
    const order = await this.require(id);
    if (access.viewer.role === 'DOCTOR') await access.assert('labOrders:create', order.patientId);
    const cancellationReason = requireName(reasonInput, 'reason', 500);
    return this.events.transaction(async (tx) => {
      const cancelled = await this.move(tx, order, 'cancelLabOrder', { cancellationReason, cancelledAt: new Date(), cancelledById: access.viewer!.practitionerId ?? null });
      await recordEvent(tx, 'lab.order.cancelled', cancelled.id, { ...labOrderFacts(cancelled), reason: cancellationReason });
      return cancelled;
    });
  }

  /** Loader backend of `LabOrder.result`: the current result of each order, one query; callers have authorized. */
  currentResults(orderIds: readonly string[]) {
    return this.prisma.labResult.findMany({ where: { orderId: { in: [...orderIds] }, supersededBy: { is: null } }, include: WITH_SUCCESSOR });
  }

  private async require(id: string): Promise<OrderWithTest> {
    const order = await this.prisma.labOrder.findUnique({ where: { id: requireId(id, 'orderId') }, include: { test: true } });
    if (!order) throw notFound('LabOrder', id);
    return order;
  }

  /** Applies `action` through the lifecycle table, only if the status is still the one read (a conditional update). */
  private async move(tx: Tx, order: OrderWithTest, action: LabOrderAction, data: Prisma.LabOrderUncheckedUpdateManyInput): Promise<OrderWithTest> {
    const status = transition(order.status, action);
    const moved = await tx.labOrder.updateMany({ where: { id: order.id, status: { in: statusesAllowing(action) } }, data: { ...data, status } });
    if (moved.count === 0) throw changedMeanwhile(action);
    return (await tx.labOrder.findUnique({ where: { id: order.id }, include: { test: true } }))!;
  }

  /** Inserts a result version, interpreted from the test's ranges, and announces it. */
  private async writeResult(
    tx: Tx,
    order: OrderWithTest,
    version: { id: string; lineageId: string; version: number; supersedesId: string | null; changeReason?: string; value: string; performerId: string },
  ) {
    const interpretation = interpret(version.value, order.test);
    const result = await tx.labResult.create({ data: { ...version, orderId: order.id, patientId: order.patientId, unit: order.test.unit, interpretation } });
    await recordEvent(tx, 'lab.result.recorded', result.id, {
      ...labOrderFacts(order),
      resultId: result.id,
      value: result.value,
      unit: result.unit,
      interpretation: result.interpretation,
      resultedAt: result.resultedAt.toISOString(),
      version: result.version,
      supersedes: result.supersedesId,
      lineageId: result.lineageId,
      performerId: result.performerId,
      collectedAt: order.specimenCollectedAt!.toISOString(),
      changeReason: result.changeReason,
    });
    return result;
  }
}
