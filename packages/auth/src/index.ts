export * from './roles';
export * from './tokens';
export * from './revocations';
export * from './authenticate';
