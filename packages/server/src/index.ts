export * from './errors';
export * from './http';
export * from './loaders';
export * from './logger';
export * from './scalars';
export * from './subgraph';
export * from './service';
export * from './standalone';
