/** The subscription → payload query translation: response keys, selections, the variables and fragments used, and nothing else. */
import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fragmentsOf, payloadQuery, replayQuery, rootFieldOf } from './payload-query';

const translate = (source: string, read: string, build = payloadQuery) => {
  const document = parse(source);
  const operation = getOperationAST(document)!;
  const fragments = fragmentsOf(document);
  return build(operation, rootFieldOf(operation, fragments)!, fragments, read).text;
};
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('payloadQuery', () => {
  it("keeps the subscriber's alias and selection and reads the entity by the event's id", () => {
    expect(squash(translate('subscription { changed: appointmentChanged(practitionerId: "p1") { status patient { givenName } } }', 'appointment'))).toBe(
      squash('query LivePayload($liveId: ID!) { changed: appointment(id: $liveId) { status patient { givenName } } }'),
    );
  });

  it('carries only the variables and fragments the selection uses, through nested fragments', () => {
    const query = translate(
      `subscription ($who: ID, $withName: Boolean!, $unused: String) {
        appointmentChanged(practitionerId: $who) { ...A }
      }
      fragment A on Appointment { status patient { ...P } }
      fragment P on Patient { givenName @include(if: $withName) }
      fragment Unrelated on Patient { familyName }`,
      'appointment',
    );
    expect(query).toContain('query LivePayload($liveId: ID!, $withName: Boolean!)');
    expect(query).not.toContain('$who');
    expect(query).not.toContain('$unused');
    expect(query).toContain('fragment A on Appointment');
    expect(query).toContain('fragment P on Patient');
    expect(query).not.toContain('Unrelated');
  });

  it('finds the root field through a fragment on Subscription', () => {
    const query = translate('subscription { ...S } fragment S on Subscription { stockLow { id name } }', 'medication');
    expect(squash(query)).toBe(squash('query LivePayload($liveId: ID!) { stockLow: medication(id: $liveId) { id name } }'));
  });
});

describe('replayQuery', () => {
  it('pages the inbox after a cursor with the same selection and each node id under its own alias', () => {
    expect(squash(translate('subscription { n: notificationReceived(after: "x") { title cursor } }', 'notificationsSince', replayQuery))).toBe(
      squash(
        'query LiveReplay($liveCursor: String) { n: notificationsSince(cursor: $liveCursor, first: 100) { pageInfo { hasNextPage endCursor } nodes { liveReplayId: id title cursor } } }',
      ),
    );
  });
});
