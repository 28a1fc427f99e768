import * as assert from 'node:assert/strict';
import { checkPrivacy } from '../../../../src/router/privacyGate';
import { compileGlob } from '../../../../src/router/privacy/glob';
import type { ContextReference } from '../../../../src/router/types';
import { ALNUM, Rng } from './fixtures';

const rng = new Rng(99);
const npmToken = 'npm_' + rng.str(36, ALNUM);

function fileRules(ref: ContextReference, globs: string[] = []): string[] {
  return checkPrivacy({ prompt: 'explain', references: [ref] }, { sensitiveFileGlobs: globs, extraPatterns: [] })
    .findings.filter(f => f.kind === 'sensitive-file').map(f => f.rule);
}

const named = (path: string, content?: string): ContextReference => ({ kind: 'file', name: path.split('/').pop() ?? path, path, content });

describe('sensitive files by name', () => {
  const sensitive: Array<[string, string]> = [
    ['/ws/.env', 'env-file'], ['/ws/.env.local', 'env-file'], ['/ws/.env.production', 'env-file'], ['/ws/prod.env', 'env-file'],
    ['/home/u/.ssh/id_rsa', 'ssh-private-key-file'], ['/home/u/.ssh/id_ed25519', 'ssh-private-key-file'], ['/home/u/.ssh/id_ecdsa', 'ssh-private-key-file'],
    ['/ws/tls/server.pem', 'key-file'], ['/ws/tls/server.key', 'key-file'], ['/ws/cert.pfx', 'key-file'], ['/ws/cert.p12', 'key-file'],
    ['/ws/app.jks', 'key-file'], ['/ws/release.keystore', 'key-file'], ['/ws/infra/prod.tfvars', 'terraform-vars'],
    ['/ws/credentials.json', 'credentials-file'], ['/ws/credentials-prod.json', 'credentials-file'],
    ['/ws/service-account-prod.json', 'service-account-file'], ['/ws/secrets.yaml', 'secrets-file'], ['/ws/secrets.json', 'secrets-file'],
    ['/ws/kubeconfig', 'kubeconfig'], ['/home/u/.kube/config', 'kubeconfig'], ['/home/u/.aws/credentials', 'aws-credentials-file'],
    ['C:\\Users\\u\\.aws\\credentials', 'aws-credentials-file'],
  ];
  for (const [path, rule] of sensitive) {
    it(`flags ${path} as ${rule}`, () => {
      assert.ok(fileRules(named(path, 'x')).includes(rule));
    });
  }

  it('flags by name even when no content is attached', () => {
    assert.deepEqual(fileRules(named('/ws/.env')), ['env-file']);
  });

  const harmless = ['/ws/.env.example', '/ws/.env.sample', '/ws/.env.template', '/ws/.env.dist', '/home/u/.ssh/id_rsa.pub',
    '/ws/README.md', '/ws/config.json', '/ws/package.json', '/ws/src/keys.ts', '/ws/environment.ts', '/ws/secrets_test.go'];
  for (const path of harmless) {
    it(`does not flag ${path}`, () => {
      assert.deepEqual(fileRules(named(path, 'hello = 1')), []);
    });
  }

  describe('names that count only with credentials inside', () => {
    const cases: Array<[string, string, string, boolean]> = [
      ['/ws/.npmrc', `//registry.npmjs.org/:_authToken=${npmToken}`, 'npmrc-credentials', true],
      ['/ws/.npmrc', 'registry=https://registry.npmjs.org/\nsave-exact=true', 'npmrc-credentials', false],
      ['/ws/.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}', 'npmrc-credentials', false],
      ['/home/u/.pypirc', '[pypi]\nusername = __token__\npassword = pypi-abc', 'pypirc-credentials', true],
      ['/home/u/.pypirc', '[distutils]\nindex-servers = pypi', 'pypirc-credentials', false],
      ['/home/u/.netrc', 'machine api.example.com login me password s3cr3t', 'netrc-credentials', true],
      ['/home/u/.git-credentials', 'https://me:s3cr3tT0ken@github.com', 'git-credentials', true],
      ['/home/u/.docker/config.json', '{"auths": {"r.io": {"auth": "bWU6czNjcjN0"}}}', 'docker-config-credentials', true],
      ['/home/u/.docker/config.json', '{"credsStore": "desktop"}', 'docker-config-credentials', false],
      ['/ws/config.json', '{"auths": {"r.io": {"auth": "bWU6czNjcjN0"}}}', 'docker-config-credentials', false],
    ];
    for (const [path, content, rule, expected] of cases) {
      it(`${expected ? 'flags' : 'does not flag'} ${path} with ${JSON.stringify(content.slice(0, 30))}`, () => {
        assert.equal(fileRules(named(path, content)).includes(rule), expected);
      });
    }

    it('does not flag .npmrc by name when no content is attached', () => {
      assert.deepEqual(fileRules(named('/ws/.npmrc')), []);
    });
  });

  describe('user globs', () => {
    it('matches base names, paths, braces and ?', () => {
      const globs = ['*.secret', 'deploy/**/prod/*.yaml', 'config/*.{json,yml}', '?ault.txt'];
      assert.deepEqual(fileRules(named('/ws/a/b/app.secret'), globs), ['sensitive-file-glob']);
      assert.deepEqual(fileRules(named('/ws/deploy/eu/west/prod/db.yaml'), globs), ['sensitive-file-glob']);
      assert.deepEqual(fileRules(named('/ws/deploy/prod/db.yaml'), globs), ['sensitive-file-glob']);
      assert.deepEqual(fileRules(named('/ws/config/app.yml'), globs), ['sensitive-file-glob']);
      assert.deepEqual(fileRules(named('/ws/vault.txt'), globs), ['sensitive-file-glob']);
      assert.deepEqual(fileRules(named('/ws/deploy/prod/sub/db.yaml'), globs), []);
      assert.deepEqual(fileRules(named('/ws/config/app.toml'), globs), []);
      assert.deepEqual(fileRules(named('/ws/vaults.txt'), globs), []);
    });

    it('never backtracks catastrophically on star-heavy globs and long paths', () => {
      const matches = compileGlob('*a*a*a*a*a*a*a*a*a*a*b');
      assert.equal(matches('a'.repeat(4000)), false);
      assert.equal(matches('a'.repeat(40) + 'b'), true);
      assert.equal(compileGlob('**/**/**/**/x')('/' + 'd/'.repeat(1000) + 'y'), false);
    });

    it('treats * as one segment and ** as any number', () => {
      assert.equal(compileGlob('src/*/key.txt')('/ws/src/a/key.txt'), true);
      assert.equal(compileGlob('src/*/key.txt')('/ws/src/a/b/key.txt'), false);
      assert.equal(compileGlob('src/**/key.txt')('/ws/src/a/b/key.txt'), true);
      assert.equal(compileGlob('src\\**\\key.txt')('C:\\ws\\src\\a\\key.txt'), true);
    });
  });
});

describe('file-name rules that read the content', () => {
  const gate = (name: string, content: string) => checkPrivacy({ prompt: 'explain', references: [{ kind: 'file', name, path: name, content }] },
    { sensitiveFileGlobs: [], extraPatterns: [] });

  it('a .env of placeholders is internal, with an advisory finding naming the file', () => {
    const result = gate('.env', '# copy and fill in\nDB_PASSWORD=\nAPI_KEY=<your-api-key>\nSECRET_TOKEN=changeme\nPORT=3000\nDEBUG=true\n');
    assert.equal(result.privacy, 'internal');
    assert.deepEqual(result.findings.map(f => [f.rule, f.advisory]), [['env-file', true]]);
  });

  it('a .env with one real value stays restricted, even a weak password no content rule would flag', () => {
    for (const content of ['PORT=3000\nDB_PASSWORD=hunter\n', 'API_KEY=<set me>\nAPI_SECRET=s9Qk2LmPz7Vx4\n']) {
      const result = gate('.env', content);
      assert.equal(result.privacy, 'restricted', content);
      assert.ok(result.findings.some(f => f.rule === 'env-file' && f.advisory === undefined), content);
    }
  });

  it('a .pem of certificates is internal; one with a private key is restricted', () => {
    const cert = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n';
    assert.equal(gate('chain.pem', cert).privacy, 'internal');
    assert.equal(gate('chain.pem', cert + '-----BEGIN PRIVATE KEY-----\n' + 'A'.repeat(10) + 'b9Xk2mP4qR7sT1uV3wY5zC8e\n-----END PRIVATE KEY-----\n').privacy, 'restricted');
  });

  it('binary keystores are restricted whatever they hold', () => {
    assert.equal(gate('store.p12', 'MIIB').privacy, 'restricted');
  });
});
