/**
 * Who may call each root operation of the supergraph: API.md's role matrix, in one place. The gateway evaluates
 * it before planning; every subgraph merges it into its own shield, where ownership rules are added. Deny by default:
 * a root field not listed here is refused everywhere.
 */
import type { IRules } from 'graphql-shield';
import { deny, hasRole, isAuthenticated, isPublic } from './rules';

export const operationRules = {
  Query: {
    '*': deny,
    // identity
    me: isAuthenticated,
    users: hasRole('ADMIN'),
  },
  Mutation: {
    '*': deny,
    // identity
    register: isPublic,
    login: isPublic,
    refreshSession: isPublic,
    logout: isAuthenticated,
    createUser: hasRole('ADMIN'),
  },
  Subscription: {
    '*': deny,
  },
} satisfies IRules;
