/** GraphQL types backed by storage rows (see codegen.ts: `XMapper` maps type `X`). */
import type { User } from './generated/prisma/client';
import type { Session } from './services/sessions';

export type UserMapper = User;
export type AuthPayloadMapper = Session;
export type UserConnectionMapper = import('@caregraph/db').Connection<User>;
