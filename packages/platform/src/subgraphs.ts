/** The subgraphs that exist today, in start order. A new context is added here once. */
import type { ContextName } from '@caregraph/config';
import { createCareTeamService } from '@caregraph/care-team';
import { createIdentityService } from '@caregraph/identity';
import { createPatientsService } from '@caregraph/patients';
import type { SubgraphFactory } from '@caregraph/server';

const schemaOf = (name: string) => new URL(`../../../subgraphs/${name}/schema.graphql`, import.meta.url).pathname;

export const SUBGRAPHS: { name: ContextName; create: SubgraphFactory; schemaPath: string }[] = [
  { name: 'identity', create: createIdentityService, schemaPath: schemaOf('identity') },
  { name: 'patients', create: createPatientsService, schemaPath: schemaOf('patients') },
  { name: 'care-team', create: createCareTeamService, schemaPath: schemaOf('care-team') },
];
