/** Per-request DataLoaders of the lab context: one query per entity type, whatever the list length. */
import { byIdLoader, groupLoader } from '@caregraph/server';
import type { PrismaClient } from './generated/prisma/client';
import type { LabOrderService } from './services/orders';
import { WITH_SUCCESSOR } from './services/orders';

export const createLoaders = (prisma: PrismaClient, orders: LabOrderService) => ({
  labOrder: byIdLoader((ids) => prisma.labOrder.findMany({ where: { id: { in: [...ids] } } })),
  labOrdersOfPatient: groupLoader((patientIds) => prisma.labOrder.findMany({ where: { patientId: { in: [...patientIds] } }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] }), (o) => o.patientId),
  labTest: groupLoader((codes) => prisma.labTest.findMany({ where: { code: { in: [...codes] } } }), (t) => t.code),
  currentResult: groupLoader((orderIds) => orders.currentResults(orderIds), (r) => r.orderId),
  resultHistory: groupLoader((orderIds) => prisma.labResult.findMany({ where: { orderId: { in: [...orderIds] } }, include: WITH_SUCCESSOR, orderBy: { version: 'asc' } }), (r) => r.orderId),
  labResult: byIdLoader((ids) => prisma.labResult.findMany({ where: { id: { in: [...ids] } }, include: WITH_SUCCESSOR })),
});
export type Loaders = ReturnType<typeof createLoaders>;
