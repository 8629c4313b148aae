import * as path from 'path';
import { readSide } from '../../src/diff/sides';
import { environmentsOf } from '../../src/diff/tree';
import { appSource, disposeTemplate, scratchRepo, type Scratch } from './_scratch';

// The sides of a diff: a git ref (its own CLI in its own process), the working tree (here), a directory.

jest.setTimeout(60_000);

let repo: Scratch;
beforeEach(() => {
  repo = scratchRepo();
  repo.commit('the shop', { 'src/app.ts': appSource() });
});
afterEach(() => repo.dispose());
afterAll(() => disposeTemplate());

const log: string[] = [];
const ctx = (extra: object = {}) => ({
  cwd: repo.dir,
  app: undefined,
  log: (t: string) => log.push(t),
  ...extra,
});

test('a ref and the working tree of the same commit give the same output, a consumer project’s CLI for the ref', async () => {
  // GIVEN the committed app, unchanged in the working tree
  // WHEN both sides are read
  const [base, head] = await Promise.all([
    readSide({ ref: 'HEAD' }, ctx()),
    readSide({ workingTree: true }, ctx()),
  ]);
  // THEN the same environments and files (the ref's through the installed package's CLI)
  expect(base.info).toEqual({ label: 'HEAD', commit: repo.git('rev-parse', 'HEAD') });
  expect(head.info).toEqual({ label: 'working tree' });
  expect([...environmentsOf(base.tree).keys()]).toEqual(['dev', 'prod']);
  expect(base.tree).toEqual(head.tree);
  expect(base.note).toMatch(/^checkout [0-9.]+ s, node_modules linked, synth [0-9.]+ s$/);
});

test('--env limits the working tree to those environments; a directory is read as it is', async () => {
  // GIVEN / WHEN
  const head = await readSide({ workingTree: true }, ctx({ environments: ['prod'] }));
  // THEN only prod (and its chart)
  expect([...environmentsOf(head.tree).keys()]).toEqual(['prod']);
  await expect(readSide({ dir: 'nope' }, ctx())).rejects.toThrow(
    `${path.join(repo.dir, 'nope')} is not a directory`,
  );
});
