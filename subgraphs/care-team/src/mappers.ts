/** GraphQL types backed by storage rows (see codegen.ts: `XMapper` maps type `X`). */
import type { Connection } from '@caregraph/db';
import type { CareTeamMember, Organization, Practitioner } from './generated/prisma/client';

export type PractitionerMapper = Practitioner;
export type OrganizationMapper = Organization;
export type CareTeamMemberMapper = CareTeamMember;
/** This context knows a patient only by id. */
export type PatientMapper = { id: string };
export type PractitionerConnectionMapper = Connection<Practitioner>;
export type OrganizationConnectionMapper = Connection<Organization>;
