export * from './services';
export * from './platform';
export * from './processes';
export * from './isolation';
export * from './service-database';
export * from './fixtures';
export * from './live';
export * from './fuzz';
