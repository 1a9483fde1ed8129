/** The subgraphs that exist today, in start order: a new context is added here, once. */
import { subgraph as audit } from '@caregraph/audit';
import { subgraph as billing } from '@caregraph/billing';
import { subgraph as careTeam } from '@caregraph/care-team';
import { subgraph as ehr } from '@caregraph/ehr';
import { subgraph as identity } from '@caregraph/identity';
import { subgraph as lab } from '@caregraph/lab';
import { subgraph as notifications } from '@caregraph/notifications';
import { subgraph as patients } from '@caregraph/patients';
import { subgraph as pharmacy } from '@caregraph/pharmacy';
import { subgraph as scheduling } from '@caregraph/scheduling';
import type { SubgraphModule } from '@caregraph/server';

export const SUBGRAPHS: SubgraphModule[] = [
  identity,
  patients,
  careTeam,
  scheduling,
  ehr,
  pharmacy,
  lab,
  billing,
  notifications,
  audit,
];
