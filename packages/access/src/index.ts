export * from './rules';
export * from './operations';
export * from './shield';
export * from './authorize-operation';
export * from './patients';
export * from './projections';
