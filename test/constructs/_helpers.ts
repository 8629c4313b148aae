import { App, Testing } from 'cdk8s';
import {
  CanaryStep,
  Delivery,
  Microservice,
  type MicroserviceProps,
  System,
  type SystemProps,
} from '../../constructs';

/** A synthesized Kubernetes object, loosely typed for assertions. */
export type Obj = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [k: string]: any;
};

/** A fresh app with an empty System named `Delinkcious` in namespace `delinkcious`. */
export function newSystem(props: Partial<SystemProps> = {}): { app: App; system: System } {
  const app = Testing.app();
  const system = new System(app, 'Delinkcious', { namespace: 'delinkcious', ...props });
  return { app, system };
}

/** Every object of the System, as JSON. */
export function synth(system: System): Obj[] {
  return Testing.synth(system) as Obj[];
}

/** The one object of `kind` named `name`; fails the test when absent. */
export function find(objects: readonly Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(
      `no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  return found;
}

/** The objects of `kind`. */
export function ofKind(objects: readonly Obj[], kind: string): Obj[] {
  return objects.filter((o) => o.kind === kind);
}

/** The message `fn` throws; fails the test when it does not throw. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

/** Delivery tests: a System that emits ServiceMonitors, which an analysis needs. */
export const monitored: Partial<SystemProps> = { monitoring: { serviceMonitors: true } };
/** Delivery tests: a service of 4 replicas with metrics. */
export const web: MicroserviceProps = {
  image: 'example/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  replicas: 4,
  metrics: {},
};
/** Delivery tests: a canary of these steps. */
export const canary = (...steps: CanaryStep[]) => Delivery.canary({ steps });

/** `props` without `key`. */
export function without<T extends object, K extends keyof T>(props: T, key: K): Omit<T, K> {
  const copy = { ...props };
  delete copy[key];
  return copy;
}

/** Delivery tests: the message a Microservice `web` with these props (over {@link web}) fails with. */
export function webFailure(
  props: Partial<MicroserviceProps>,
  system: Partial<SystemProps> = monitored,
): string {
  const { system: s } = newSystem(system);
  return errorOf(() => new Microservice(s, 'web', { ...web, ...props }));
}
