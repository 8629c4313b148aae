/** Default image of every Delinkcious component; environments may override the tag by component name. */
export const images = {
  'api-gateway': 'g1g1/delinkcious-api-gateway:0.5',
  'link-manager': 'g1g1/delinkcious-link:0.3',
  'social-graph-manager': 'g1g1/delinkcious-social-graph:0.2',
  'user-manager': 'g1g1/delinkcious-user:0.3',
  'news-manager': 'g1g1/delinkcious-news:0.3',
  'link-checker': 'g1g1/delinkcious-link-checker:0.1',
  postgres: 'postgres:15.5-alpine',
  redis: 'redis:7.2.4-alpine',
  nats: 'nats:2.10.7-alpine',
} as const;

/** An image name of the table. */
export type ImageName = keyof typeof images;

/** The image of `name` for a component, with the environment's tag override for `component` applied. */
export function imageFor(
  name: ImageName,
  component: string,
  overrides: Readonly<Record<string, string>>,
): string {
  const image = images[name];
  const tag = overrides[component];
  return tag === undefined ? image : `${image.slice(0, image.lastIndexOf(':'))}:${tag}`;
}
