/**
 * Access to a patient's records, per the matrix in docs/api.md: "own" for the patient, "care team" for clinicians,
 * everyone for some roles. Each context answers "who is on this patient's care team" from its own data (care-team's
 * table, or the access projection other contexts keep from care-team events), batched so a list costs one query.
 */
import DataLoader from 'dataloader';
import type { Role, Viewer } from '@caregraph/auth';
import { forbidden, unauthenticated } from '@caregraph/errors';
import { rule, type IRule } from 'graphql-shield';

export type PatientCapability =
  | 'demographics:read'
  | 'demographics:write'
  | 'careTeam:read'
  | 'appointments:read'
  | 'appointments:book'
  | 'clinical:read'
  | 'clinical:write'
  | 'vitals:write'
  | 'notes:write';

type Grant = {
  /** Roles that may do it for every patient. */
  everyone: Role[];
  /** Roles that may do it for the patients on whose care team they are. */
  careTeam: Role[];
  /** Whether a patient may do it for their own record. */
  own: boolean;
};

/** The patient rows of the permission matrix (docs/api.md, "Who may do what"). Anything not granted here is denied. */
export const PATIENT_GRANTS: Record<PatientCapability, Grant> = {
  'demographics:read': { everyone: ['ADMIN', 'BILLING_CLERK'], careTeam: ['DOCTOR', 'NURSE'], own: true },
  // A patient may change only their own contact fields: the patients service enforces which fields.
  'demographics:write': { everyone: ['ADMIN'], careTeam: ['NURSE'], own: true },
  'careTeam:read': { everyone: ['ADMIN', 'BILLING_CLERK'], careTeam: ['DOCTOR', 'NURSE'], own: true },
  // Appointments are read by whoever may book them (the front desk is ADMIN).
  'appointments:read': { everyone: ['ADMIN'], careTeam: ['DOCTOR', 'NURSE'], own: true },
  // Book, cancel, reschedule. Check-in, complete and no-show are the scheduling service's rule (the doctor's own
  // appointments, a nurse's care team), since they turn on the appointment's practitioner, not only the patient.
  'appointments:book': { everyone: ['ADMIN'], careTeam: ['DOCTOR', 'NURSE'], own: true },
  // The clinical record is not the administrators' or billing's to read.
  'clinical:read': { everyone: [], careTeam: ['DOCTOR', 'NURSE'], own: true },
  'clinical:write': { everyone: [], careTeam: ['DOCTOR'], own: false },
  // Nurses record vitals (VITAL_SIGNS observations) and notes for their care team; doctors record everything.
  'vitals:write': { everyone: [], careTeam: ['DOCTOR', 'NURSE'], own: false },
  'notes:write': { everyone: [], careTeam: ['DOCTOR', 'NURSE'], own: false },
};

export type CareTeamPair = { patientId: string; practitionerId: string };

/** Where a context finds care-team membership. */
export type CareTeamSource = {
  /** Memberships of these patients (one query for all of them). */
  membersOf(patientIds: readonly string[]): Promise<CareTeamPair[]>;
  /** Patient ids whose care team includes the practitioner. */
  patientsOf(practitionerId: string): Promise<string[]>;
};

/** Which patients a viewer may see in a list: every patient, or only these. */
export type PatientScope = { all: true } | { all: false; patientIds: string[] };

/** Per request: decides one viewer's access to patients. */
export class PatientAccess {
  private readonly members: DataLoader<string, string[]>;

  constructor(
    readonly viewer: Viewer | undefined,
    private readonly source: CareTeamSource,
  ) {
    this.members = new DataLoader(async (patientIds) => {
      const byPatient = new Map<string, string[]>(patientIds.map((id) => [id, []]));
      for (const pair of await source.membersOf(patientIds)) byPatient.get(pair.patientId)?.push(pair.practitionerId);
      return patientIds.map((id) => byPatient.get(id) ?? []);
    });
  }

  async can(capability: PatientCapability, patientId: string): Promise<boolean> {
    const { viewer } = this;
    if (!viewer) return false;
    const grant = PATIENT_GRANTS[capability];
    if (grant.everyone.includes(viewer.role)) return true;
    if (grant.own && viewer.role === 'PATIENT') return viewer.patientId === patientId;
    if (grant.careTeam.includes(viewer.role) && viewer.practitionerId)
      return (await this.members.load(patientId)).includes(viewer.practitionerId);
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
  'clinical:read': 'read the clinical record',
  'clinical:write': 'write to the clinical record',
  'vitals:write': 'record vital signs',
  'notes:write': 'add clinical notes',
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
  return rule(name, { cache: 'no_cache' })(async (parent, _args, ctx: PatientAccessContext) => {
    if (!ctx.viewer) return unauthenticated();
    return (await ctx.patientAccess.can(capability, patientIdOf(parent as never))) || forbidden(`You may not ${describe(capability)} of this patient.`);
  });
}
