/** The operations of the security review (issue 6), as the attacker sent them: shared by the tests and the attack bench. */

/** Finding 1: `{ ...A1 }`, ten spreads of the next fragment per level, eight levels, ending in `__typename` (641 bytes). */
export const fragmentBomb = (levels = 8, width = 10) =>
  '{ ...A1 } ' +
  Array.from({ length: levels }, (_, i) => `fragment A${i + 1} on Query { ${i === levels - 1 ? '__typename' : Array(width).fill(`...A${i + 2}`).join(' ')} }`).join(' ');
/** Finding 2: many aliases of one page of organizations. */
export const organizationAliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `o${i}: organizations(first: 100) { nodes { id name } }`).join(' ')} }`;
/** Finding 3: 60 aliases per fragment, three fragment levels, over practitioners → patients → careTeam → practitioner. */
export const plannerBomb = (aliases = 60, levels = 3) =>
  '{ practitioners { nodes { ...P1 } } } ' +
  Array.from(
    { length: levels },
    (_, i) =>
      `fragment P${i + 1} on Practitioner { ${
        i === levels - 1 ? 'id' : Array.from({ length: aliases }, (_, j) => `a${j}: patients { givenName careTeam { practitioner { ...P${i + 2} } } }`).join(' ')
      } }`,
  ).join(' ');
/** Finding 4: practitioners → patients → careTeam → practitioner, `levels` times round. */
export const careTeamCycle = (levels: number) => {
  const open = 'patients { careTeam { practitioner { '.repeat(levels);
  return `{ practitioners { nodes { ${open}id${' } } }'.repeat(levels)} } } }`;
};
/** Finding 5: many aliases of one root field. */
export const rootAliases = (n: number, selection: string) => `{ ${Array.from({ length: n }, (_, i) => `x${i}: ${selection}`).join(' ')} }`;

/** An operation the query planner itself gives up on ("non-local selections exceeds limit"), once the limits let it through. */
export const unplannable = (aliases = 30, levels = 4) =>
  '{ patients { nodes { ...Q1 } } } ' +
  Array.from(
    { length: levels },
    (_, i) =>
      `fragment Q${i + 1} on Patient { ${
        i === levels - 1 ? 'id' : Array.from({ length: aliases }, (_, j) => `a${j}: careTeam { practitioner { patients { givenName ...Q${i + 2} } } }`).join(' ')
      } }`,
  ).join(' ');
