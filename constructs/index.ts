/**
 * The constructs: a System (one namespace) and the workloads, secrets and gateways in it.
 * `import { System, Microservice } from 'shipshape'`.
 * @packageDocumentation
 * @module shipshape
 */
export { ShipshapeError } from './_errors';
export * from './chart-value';
export * from './cidr';
export { EnvValue, type ConfigMapEnvOptions } from './env-value';
export * from './exposure';
export * from './gateway';
export * from './microservice';
export * from './names';
export * from './pod';
export * from './port';
export * from './probe';
export * from './quantity';
export * from './resources';
export * from './scratch';
export * from './secret';
export * from './service-workload';
export * from './stateful-service';
export * from './system';
export * from './task';
export * from './worker';
export * from './workload';
