export * from './services';
export * from './platform';
export * from './processes';
export * from './isolation';
