/**
 * Access to a patient's records, per the matrix in docs/api.md: "own" for the patient, "care team" for clinicians,
 * everyone for some roles, and "related" for roles a fact opens a record to (a pharmacist and a patient with a
 * prescription). Each context answers "who is on this patient's care team" and "which facts relate to this patient"
 * from its own data (care-team's table, or projections of other contexts' events), batched so a list costs one query.
 */
import DataLoader from 'dataloader';
import type { Role, Viewer } from '@caregraph/auth';
import { forbidden, unauthenticated } from '@caregraph/errors';
import { rule, type IRule } from 'graphql-shield';
import { withQuickGrant } from './rules';

export type PatientCapability =
  | 'demographics:read'
  | 'demographics:write'
  | 'careTeam:read'
  | 'appointments:read'
  | 'appointments:book'
  | 'appointments:attend'
  | 'clinical:read'
  | 'clinical:write'
  | 'vitals:write'
  | 'notes:write'
  /** Name and birth date only: what a pharmacist or lab technician needs to be sure of the person. */
  | 'demographics:identify'
  /** The name only: what an insurer sees of the patients on its organization's claims. */
  | 'demographics:name'
  | 'allergies:read'
  | 'prescriptions:read'
  | 'prescriptions:write'
  | 'labOrders:create'
  | 'labResults:read'
  | 'billing:read'
  | 'billing:write'
  | 'claims:read';

/**
 * A fact another context announces that opens part of a patient's record to a role: the patient has a prescription
 * (pharmacy), a lab order (lab), or is on a claim to an insurer organization (billing). See patientRelationsProjection.
 */
export type PatientRelationKind = 'prescription' | 'labOrder' | 'claim';
/** One such fact. `partyId` narrows it to one organization (a claim's insurer); null means every holder of the role. */
export type PatientRelation = { patientId: string; kind: PatientRelationKind; partyId: string | null };

type Grant = {
  /** Roles that may do it for every patient. */
  everyone: Role[];
  /** Roles that may do it for the patients on whose care team they are. */
  careTeam: Role[];
  /** Whether a patient may do it for their own record. */
  own: boolean;
  /** Roles that may do it for the patients a fact relates them to (see PatientRelationKind). */
  related?: Partial<Record<Role, PatientRelationKind>>;
};

const DEMOGRAPHICS_READ: Grant = { everyone: ['ADMIN', 'BILLING_CLERK'], careTeam: ['DOCTOR', 'NURSE'], own: true };
const CLINICAL_READ: Grant = { everyone: [], careTeam: ['DOCTOR', 'NURSE'], own: true };

/** The patient rows of the permission matrix (docs/api.md, "Who may do what"). Anything not granted here is denied. */
export const PATIENT_GRANTS: Record<PatientCapability, Grant> = {
  'demographics:read': DEMOGRAPHICS_READ,
  // The patients context puts these on the name and birth-date fields, so every other field stays demographics:read.
  'demographics:identify': { ...DEMOGRAPHICS_READ, related: { PHARMACIST: 'prescription', LAB_TECHNICIAN: 'labOrder' } },
  'demographics:name': { ...DEMOGRAPHICS_READ, related: { PHARMACIST: 'prescription', LAB_TECHNICIAN: 'labOrder', INSURANCE_PROVIDER: 'claim' } },
  // A patient may change only their own contact fields: the patients service enforces which fields.
  'demographics:write': { everyone: ['ADMIN'], careTeam: ['NURSE'], own: true },
  'careTeam:read': { everyone: ['ADMIN', 'BILLING_CLERK'], careTeam: ['DOCTOR', 'NURSE'], own: true },
  // Appointments are read by whoever may book them (the front desk is ADMIN).
  'appointments:read': { everyone: ['ADMIN'], careTeam: ['DOCTOR', 'NURSE'], own: true },
  // Book, cancel, reschedule.
  'appointments:book': { everyone: ['ADMIN'], careTeam: ['DOCTOR', 'NURSE'], own: true },
  // Check-in, complete, no-show: a nurse for the care team. A doctor's half turns on the appointment's practitioner
  // (their own appointments), not on the patient, so the scheduling service adds it.
  'appointments:attend': { everyone: [], careTeam: ['NURSE'], own: false },
  // The clinical record is not the administrators' or billing's to read.
  'clinical:read': CLINICAL_READ,
  // A pharmacist checks the allergies of the patients they dispense for, and nothing else of the clinical record.
  'allergies:read': { ...CLINICAL_READ, related: { PHARMACIST: 'prescription' } },
  'clinical:write': { everyone: [], careTeam: ['DOCTOR'], own: false },
  // Nurses record vitals (VITAL_SIGNS observations) and notes for their care team; doctors record everything.
  'vitals:write': { everyone: [], careTeam: ['DOCTOR', 'NURSE'], own: false },
  'notes:write': { everyone: [], careTeam: ['DOCTOR', 'NURSE'], own: false },
  'prescriptions:read': { everyone: ['PHARMACIST'], careTeam: ['DOCTOR', 'NURSE'], own: true },
  // Prescribe and cancel. Dispensing and restocking are the pharmacist's for every patient (a role check in pharmacy).
  'prescriptions:write': { everyone: [], careTeam: ['DOCTOR'], own: false },
  'labOrders:create': { everyone: [], careTeam: ['DOCTOR'], own: false },
  // A patient's own results only once RESULTED: the lab service adds that condition.
  'labResults:read': { everyone: ['LAB_TECHNICIAN'], careTeam: ['DOCTOR', 'NURSE'], own: true },
  // Invoices, payments and coverage.
  'billing:read': { everyone: ['ADMIN', 'BILLING_CLERK'], careTeam: [], own: true },
  'billing:write': { everyone: ['BILLING_CLERK'], careTeam: [], own: false },
  // An insurer's half turns on the claim's organization, not on the patient, so the billing service adds it.
  'claims:read': { everyone: ['BILLING_CLERK'], careTeam: [], own: true },
};

/** What a grant decides from the viewer alone (every patient, or a patient's own record); undefined where it needs a lookup. */
function decideAtOnce(grant: Grant, viewer: Viewer, patientId: string): boolean | undefined {
  if (grant.everyone.includes(viewer.role)) return true;
  if (grant.own && viewer.role === 'PATIENT') return viewer.patientId === patientId;
  return undefined;
}

export type CareTeamPair = { patientId: string; practitionerId: string };

/** Where a context finds care-team membership. */
export type CareTeamSource = {
  /** Memberships of these patients (one query for all of them). */
  membersOf(patientIds: readonly string[]): Promise<CareTeamPair[]>;
  /** Patient ids whose care team includes the practitioner. */
  patientsOf(practitionerId: string): Promise<string[]>;
};

/** Where a context finds the facts that relate patients to other roles (patientRelationsProjection). */
export type PatientRelationSource = {
  /** The facts about these patients (one query for all of them). */
  relationsOf(patientIds: readonly string[]): Promise<PatientRelation[]>;
};

/** What PatientAccess decides from. A context without relations grants nothing through them (deny by default). */
export type PatientAccessSource = CareTeamSource & Partial<PatientRelationSource>;

/** Which patients a viewer may see in a list: every patient, or only these. */
export type PatientScope = { all: true } | { all: false; patientIds: string[] };

/** Per request: decides one viewer's access to patients. */
export class PatientAccess {
  private readonly members: DataLoader<string, string[]>;
  private readonly relations: DataLoader<string, PatientRelation[]>;

  constructor(
    readonly viewer: Viewer | undefined,
    private readonly source: PatientAccessSource,
  ) {
    this.members = new DataLoader(async (patientIds) => {
      const byPatient = new Map<string, string[]>(patientIds.map((id) => [id, []]));
      for (const pair of await source.membersOf(patientIds)) byPatient.get(pair.patientId)?.push(pair.practitionerId);
      return patientIds.map((id) => byPatient.get(id) ?? []);
    });
    this.relations = new DataLoader(async (patientIds) => {
      const byPatient = new Map<string, PatientRelation[]>(patientIds.map((id) => [id, []]));
      for (const relation of (await source.relationsOf?.(patientIds)) ?? []) byPatient.get(relation.patientId)?.push(relation);
      return patientIds.map((id) => byPatient.get(id) ?? []);
    });
  }

  async can(capability: PatientCapability, patientId: string): Promise<boolean> {
    const { viewer } = this;
    if (!viewer) return false;
    const grant = PATIENT_GRANTS[capability];
    const atOnce = decideAtOnce(grant, viewer, patientId);
    if (atOnce !== undefined) return atOnce;
    if (grant.careTeam.includes(viewer.role) && viewer.practitionerId)
      return (await this.members.load(patientId)).includes(viewer.practitionerId);
    const kind = grant.related?.[viewer.role];
    if (kind) {
      const party = viewer.organizationId ?? null;
      return (await this.relations.load(patientId)).some((fact) => fact.kind === kind && (fact.partyId === null || fact.partyId === party));
    }
    return false;
  }

  /** The patients a list may contain for this viewer; filtering in the query keeps counts and pages right. */
  async scope(capability: PatientCapability): Promise<PatientScope> {
    const { viewer } = this;
    const grant = PATIENT_GRANTS[capability];
    if (!viewer) return { all: false, patientIds: [] };
    if (grant.everyone.includes(viewer.role)) return { all: true };
    if (grant.own && viewer.role === 'PATIENT') return { all: false, patientIds: viewer.patientId ? [viewer.patientId] : [] };
    if (grant.careTeam.includes(viewer.role) && viewer.practitionerId)
      return { all: false, patientIds: await this.source.patientsOf(viewer.practitionerId) };
    return { all: false, patientIds: [] };
  }

  /** Throws FORBIDDEN (or UNAUTHENTICATED) unless the viewer may do `capability` for the patient. */
  async assert(capability: PatientCapability, patientId: string): Promise<void> {
    if (!this.viewer) throw unauthenticated();
    if (!(await this.can(capability, patientId))) throw forbidden(`You may not ${describe(capability)} of this patient.`);
  }
}

const DESCRIPTIONS: Record<PatientCapability, string> = {
  'demographics:read': 'read the record',
  'demographics:write': 'change the record',
  'careTeam:read': 'see the care team',
  'appointments:read': 'see the appointments',
  'appointments:book': 'book, move or cancel appointments',
  'appointments:attend': 'check in, complete or mark no-show the appointments',
  'clinical:read': 'read the clinical record',
  'clinical:write': 'write to the clinical record',
  'vitals:write': 'record vital signs',
  'notes:write': 'add clinical notes',
  'demographics:identify': 'read the name and birth date',
  'demographics:name': 'read the name',
  'allergies:read': 'read the allergies',
  'prescriptions:read': 'see the prescriptions',
  'prescriptions:write': 'prescribe for or cancel the prescriptions',
  'labOrders:create': 'order lab tests',
  'labResults:read': 'see the lab orders and results',
  'billing:read': 'see the invoices, payments and coverage',
  'billing:write': 'change the invoices, payments and coverage',
  'claims:read': 'see the claims',
};
const describe = (capability: PatientCapability) => DESCRIPTIONS[capability];

export type PatientAccessContext = { viewer?: Viewer; patientAccess: PatientAccess };

/**
 * A shield rule for fields of a patient's records: `patientIdOf` finds the patient the parent belongs to. Because it
 * sits on the type, it holds for root fields, nested fields and `_entities` alike.
 */
export function patientRule(capability: PatientCapability, patientIdOf?: (parent: never) => string): IRule {
  // graphql-shield refuses two rule objects of one name in a schema: one rule per capability for a patient's own
  // fields, a distinct name for each rule that finds the patient in a record (e.g. `record.patientId`).
  if (!patientIdOf) return (ownFieldRules[capability] ??= patientRuleNamed(`patient(${capability})`, capability, (parent: { id: string }) => parent.id));
  return patientRuleNamed(`patient(${capability})#${++recordRules}`, capability, patientIdOf);
}
const ownFieldRules: Partial<Record<PatientCapability, IRule>> = {};
let recordRules = 0;

function patientRuleNamed(name: string, capability: PatientCapability, patientIdOf: (parent: never) => string): IRule {
  const decided = rule(name, { cache: 'no_cache' })(async (parent, _args, ctx: PatientAccessContext) => {
    if (!ctx.viewer) return unauthenticated();
    return (await ctx.patientAccess.can(capability, patientIdOf(parent as never))) || forbidden(`You may not ${describe(capability)} of this patient.`);
  });
  // The part of `can` that needs no lookup: a list of an ADMIN's or of a patient's own records skips shield per field.
  const grant = PATIENT_GRANTS[capability];
  return withQuickGrant(decided, (parent, ctx) => !!ctx.viewer && decideAtOnce(grant, ctx.viewer, patientIdOf(parent as never)) === true);
}
