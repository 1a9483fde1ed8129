export * from './services';
export * from './platform';
