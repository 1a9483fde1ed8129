/** GraphQL types backed by storage rows (see codegen.ts: `XMapper` maps type `X`). */
import type { Connection } from '@caregraph/db';
import type { AuditEntry } from './generated/prisma/client';
import type { ChainReport } from './services/trail';

export type AuditEventMapper = AuditEntry;
export type AuditEventConnectionMapper = Connection<AuditEntry>;
export type AccessLogEntryMapper = AuditEntry;
export type AccessLogConnectionMapper = Connection<AuditEntry>;
export type AuditChainReportMapper = ChainReport;
/** A patient as audit knows it: its id (patients owns the rest). */
export type PatientMapper = { id: string };
