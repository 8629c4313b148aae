/**
 * The constructs: a System (one namespace) and the workloads, secrets and gateways in it.
 * `import { System, Microservice } from 'shipshape'`.
 * @packageDocumentation
 * @module shipshape
 */
// Public names only, each file's in declaration order: the files also export `_` helpers for the library itself.
export { ShipshapeError } from './_errors';
export {
  type JsonValue,
  type JsonObject,
  type JsonSchema,
  type ChartValueTarget,
  type ChartValueOptions,
  ChartValue,
} from './chart-value';
export { parseCidr, cidrContains, formatCidr, cidrNetwork, isIpv4Mapped, type Cidr } from './cidr';
export { type ConfigMapProps, ConfigMap } from './config-map';
export {
  type AnalysisOptions,
  CanaryStep,
  TrafficRouting,
  type CanaryOptions,
  type BlueGreenOptions,
  Delivery,
} from './delivery';
export { type EnvFromOptions, EnvFrom } from './env-from';
export { type ConfigMapEnvOptions, EndpointPart, type EndpointOptions, EnvValue } from './env-value';
export {
  ServiceType,
  ExternalTrafficPolicy,
  type AnySource,
  type CidrSources,
  type TrafficSources,
  type ExternalService,
  type ExtraService,
} from './exposure';
export { type GatewayProps, Gateway } from './gateway';
export {
  type GatewayIdentity,
  type ServiceAccountIdentity,
  type CustomGatewayImplementationOptions,
  type EnvoyGatewayOptions,
  type IstioGatewayOptions,
  GatewayImplementation,
} from './gateway-implementation';
export { type GatewayRefProps, GatewayRef } from './gateway-ref';
export {
  PathType,
  RouteKind,
  type GatewayRoute,
  type GatewayRule,
  type GatewayRouteInfo,
} from './gateway-rule';
export { GatewayTls } from './gateway-tls';
export { type IngressProps, Ingress } from './ingress';
export { type MeshMode, type MeshMtls, type IstioMeshOptions, Mesh } from './mesh';
export {
  type Autoscaling,
  type RollingUpdate,
  type MicroserviceConfig,
  type MicroserviceProps,
  Microservice,
} from './microservice';
export { type MutableTagOptions, Image } from './image';
export {
  isDns1123Label,
  isDns1123Subdomain,
  isDns1035Label,
  isQualifiedNamePart,
  isQualifiedName,
  isLabelValue,
  isIanaSvcName,
  isEnvVarName,
  isConfigKey,
  isIanaTimeZone,
} from './names';
export {
  ImagePullPolicy,
  type Probes,
  type PodIdentity,
  type SecretItem,
  type SecretMount,
  type ExternalEgress,
  type Dependency,
  type TopologySpread,
  type ContainerProps,
} from './pod';
export { Protocol, Transport, type ServicePort } from './port';
export {
  type ProbeOptions,
  type PortProbeOptions,
  type HttpProbeOptions,
  type GrpcProbeOptions,
  Probe,
} from './probe';
export { parseQuantity } from './quantity';
export { type ResourceRange, type Resources } from './resources';
export { UNLIMITED_SCRATCH } from './scratch';
export { SecretStoreKind, SecretStore, type ExternalSecretsOptions } from './secret-store';
export { type SecretProps, Secret } from './secret';
export { type ServiceAccountProps, ServiceAccount } from './service-account';
export {
  type MetricsEndpoint,
  type Availability,
  type Endpoint,
  type ServiceWorkloadProps,
  ServiceWorkload,
} from './service-workload';
export {
  PodManagementPolicy,
  AccessMode,
  type Storage,
  type StatefulServiceProps,
  StatefulService,
} from './stateful-service';
export { type PodPeer, type MonitoringOptions, type ClusterNetwork } from './platform';
export { PodSecurityLevel, type SystemProps, System } from './system';
export { ConcurrencyPolicy, TaskRestartPolicy, type TaskProps, Task } from './task';
export { type WorkerProps, Worker } from './worker';
export { type WorkloadProps, Workload } from './workload';
