/**
 * The dashboard's connection to Caregraph: typed requests over HTTP (the typed client's documents) and one graphql-ws
 * connection per session for the live parts, both with the signed-in user's token.
 */
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { useEffect, useRef, useState } from 'react';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { LoginDocument, request, type LoginMutation } from '@caregraph/client';

export const API_URL = `${location.origin}/graphql`;
const SOCKET_URL = API_URL.replace(/^http/, 'ws');
const SESSION_KEY = 'caregraph.dashboard.session';

export type Session = Pick<LoginMutation['login'], 'accessToken' | 'expiresAt' | 'user'>;

export const loadSession = (): Session | null => {
  const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
  return saved && Date.parse(saved.expiresAt) > Date.now() ? saved : null;
};
export const saveSession = (session: Session | null) =>
  session ? sessionStorage.setItem(SESSION_KEY, JSON.stringify(session)) : sessionStorage.removeItem(SESSION_KEY);

export async function signIn(email: string, password: string): Promise<Session | string> {
  const result = await request(API_URL, LoginDocument, { email, password });
  if (!result.data) return result.errors?.[0]?.message ?? 'Sign-in failed.';
  const { accessToken, expiresAt, user } = result.data.login;
  return { accessToken, expiresAt, user };
}

/** Runs a typed query or mutation as the signed-in user. */
export async function run<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables, token: string) {
  const response = await fetch(API_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await response.json()) as { data?: Data | null; errors?: { message: string }[] };
}

let socket: { token: string; client: Client } | undefined;
/** One WebSocket per token, shared by every live part of the page. */
export function liveClient(token: string): Client {
  if (socket?.token !== token) {
    void socket?.client.dispose();
    socket = { token, client: createClient({ url: SOCKET_URL, connectionParams: { authorization: `Bearer ${token}` } }) };
  }
  return socket.client;
}

/** A query's data, read again whenever `version` changes (a live event says it is stale). */
export function useQuery<Data, Variables extends Record<string, unknown>>(session: Session, document: TypedDocumentNode<Data, Variables>, variables: Variables, version = 0) {
  const [state, setState] = useState<{ data?: Data; error?: string }>({});
  const key = JSON.stringify(variables);
  useEffect(() => {
    let current = true;
    void run(document, variables, session.accessToken).then((result) => {
      if (current) setState(result.data ? { data: result.data } : { error: result.errors?.[0]?.message ?? 'The request failed.' });
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the variables
  }, [session.accessToken, document, key, version]);
  return state;
}

/** Calls `onEvent` with each event of a subscription for as long as the component is shown. */
export function useSubscription<Data, Variables extends Record<string, unknown>>(session: Session, document: TypedDocumentNode<Data, Variables>, variables: Variables, onEvent: (data: Data) => void) {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = JSON.stringify(variables);
  useEffect(
    () =>
      liveClient(session.accessToken).subscribe<Data>(
        { query: print(document), variables },
        { next: (event) => event.data && handler.current(event.data as Data), error: () => undefined, complete: () => undefined },
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the variables
    [session.accessToken, document, key],
  );
}
