/**
 * `@pulumi/random` and `@pulumi/command` are optional peers too: loaded when a resource needs them (a
 * generated password, the minikube commands), so a program that only applies objects with
 * `KubernetesObjects` needs `@pulumi/pulumi` and `@pulumi/kubernetes` alone. e2e/consumer-pulumi.sh
 * proves that from the installed tarball.
 */

/** The peers loaded on demand and what needs them (for the error when one is missing). */
export const ON_DEMAND_PACKAGES = {
  '@pulumi/random': 'generated passwords (AppSecrets without a configured value, Vault in dev mode)',
  '@pulumi/command': 'the minikube cluster (cluster.kind minikube)',
} as const;

/** Runs `require`; a missing package becomes an error naming the package and what needs it. */
export function loadOnDemand<T>(name: keyof typeof ON_DEMAND_PACKAGES, require: () => T): T {
  try {
    return require();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new Error(
      `${ON_DEMAND_PACKAGES[name]} need the npm package ${name}, an optional peer dependency of shipshape ` +
        `that is not installed: npm install ${name} (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

/* eslint-disable @typescript-eslint/no-require-imports -- `require` inside a function is the lazy load */
/** `@pulumi/random`, loaded on first use. */
export function pulumiRandom(): typeof import('@pulumi/random') {
  return loadOnDemand('@pulumi/random', () => require('@pulumi/random'));
}

/** `@pulumi/command`, loaded on first use. */
export function pulumiCommand(): typeof import('@pulumi/command') {
  return loadOnDemand('@pulumi/command', () => require('@pulumi/command'));
}
/* eslint-enable @typescript-eslint/no-require-imports */
