/** The shared graphql-shield rule library: every rule reads only `ctx.viewer`, so the gateway and subgraphs can both evaluate it. */
import { forbidden, unauthenticated } from '@caregraph/errors';
import type { Role, Viewer } from '@caregraph/auth';
import { allow, deny, rule, type IRule, type IRules } from 'graphql-shield';

export { allow, and, deny, not, or, chain, rule } from 'graphql-shield';

/**
 * Rules whose verdict depends on nothing but the viewer's role, or there being none: a verdict under them holds for
 * every request of that role, so the gateway remembers it per document (createOperationAuthorizer).
 */
const ROLE_ONLY_RULES = new WeakSet<object>();
export const roleOnly = <R extends object>(rule: R): R => (ROLE_ONLY_RULES.add(rule), rule);
export const isRoleOnly = (rule: object): boolean => ROLE_ONLY_RULES.has(rule);
roleOnly(allow);
roleOnly(deny);

/**
 * A synchronous test that answers true only where its rule would grant too, whatever else the rule reads: e.g. a
 * patient rule for a role that may read every patient. Where it answers true, a subgraph resolves the field without
 * asking shield (applySubgraphShield); where it answers false, shield decides as always.
 */
export type QuickGrant = (parent: unknown, ctx: AuthContext) => boolean;
const QUICK_GRANTS = new WeakMap<object, QuickGrant>();
export const withQuickGrant = <R extends object>(rule: R, quick: QuickGrant): R => (QUICK_GRANTS.set(rule, quick), rule);
export const quickGrantOf = (rule: object): QuickGrant | undefined => QUICK_GRANTS.get(rule);

/** A rule as graphql-shield evaluates it (its `IRule` types hide `resolve`). */
export type ShieldRule = {
  resolve(parent: unknown, args: unknown, ctx: unknown, info: unknown, options: unknown): Promise<boolean | string | Error>;
};

/** The rule for `Type.field`, as shield picks it: a field rule, else the type's wildcard, else a rule for the whole type, else the fallback. */
export function ruleFor(rules: IRules, typeName: string, fieldName: string, fallback: ShieldRule): ShieldRule {
  const typeRules = (rules as Record<string, unknown>)[typeName];
  if (!typeRules) return fallback;
  if (typeof (typeRules as ShieldRule).resolve === 'function') return typeRules as ShieldRule;
  const map = typeRules as Record<string, ShieldRule | undefined>;
  return map[fieldName] ?? map['*'] ?? fallback;
}

/** What every rule may rely on in the GraphQL context. */
export type AuthContext = { viewer?: Viewer };

/** Operations anyone may call, signed in or not (sign-in itself). */
export const isPublic = allow;
export const denied = deny;

export const isAuthenticated = roleOnly(
  rule('isAuthenticated', { cache: 'contextual' })((_parent, _args, ctx: AuthContext) => (ctx.viewer ? true : unauthenticated())),
);

const roleRules = new Map<string, IRule>();
/** Signed in with one of `roles`. One rule object per role set, so shield's cache can share results. */
export function hasRole(...roles: Role[]): IRule {
  const name = `hasRole(${[...roles].sort().join(',')})`;
  let existing = roleRules.get(name);
  if (!existing) {
    existing = rule(name, { cache: 'contextual' })((_parent, _args, ctx: AuthContext) => {
      if (!ctx.viewer) return unauthenticated();
      return roles.includes(ctx.viewer.role) ? true : onlyRoles(roles);
    });
    roleRules.set(name, roleOnly(existing));
  }
  return existing;
}

const onlyRoles = (roles: Role[]) => forbidden(`Only ${roles.join(', ')} may do this.`);

/**
 * The authorization line of a service method open to some roles only: UNAUTHENTICATED without a viewer, FORBIDDEN
 * for another role. The gateway's rules already refused such callers; a service never relies on that.
 */
export function assertRole(viewer: Viewer | undefined, ...roles: Role[]): asserts viewer is Viewer {
  if (!viewer) throw unauthenticated();
  if (!roles.includes(viewer.role)) throw onlyRoles(roles);
}

/** The authorization line of a service method open to every signed-in user. */
export function assertSignedIn(viewer: Viewer | undefined): asserts viewer is Viewer {
  if (!viewer) throw unauthenticated();
}
