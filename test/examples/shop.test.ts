import app, { Shop } from '../../examples/shop/app';
import { synthesizeApp, validateSystem } from '../../src/synth/index';

describe('the example shop', () => {
  const systems = synthesizeApp(app);

  test('synthesizes dev and prod without a single finding', () => {
    // GIVEN / WHEN / THEN
    expect(systems.map((s) => s.dir)).toEqual(['dev', 'prod']);
    for (const s of systems) expect(validateSystem(s)).toEqual([]);
  });

  test('has a queue consumer that only reaches the queue and its database', () => {
    // GIVEN
    const prod = systems[1]!;
    // WHEN
    const worker = prod.files.find((f) => f.name === 'orders-worker.yaml')!;
    const policy = worker.objects.find((o) => o.kind === 'NetworkPolicy') as any;
    // THEN
    expect(prod.system).toBeInstanceOf(Shop);
    expect(
      policy.spec.egress.map((e: any) => e.to[0].podSelector.matchLabels['app.kubernetes.io/name']).sort(),
    ).toEqual(['orders-db', 'queue']);
  });
});
