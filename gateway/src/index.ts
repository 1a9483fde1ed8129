/** The gateway package: startGateway and the pieces tests reach for. */
export * from './gateway';
