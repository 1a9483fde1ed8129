/** What can be checked of the Kubernetes manifests without a cluster: the kustomization rendered here, every subgraph present and configured. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { CONFIG_VARIABLES, CONTEXT_PORTS, envSuffix, loadConfig } from '@caregraph/config';
import { SUBGRAPHS } from '../src/subgraphs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const kubernetes = join(root, 'deploy/kubernetes');
const baseDir = join(kubernetes, 'base');
const productionDir = join(kubernetes, 'overlays/production');

type Labels = Record<string, string>;
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Probe = { httpGet?: { path: string; port: string | number } };
type Container = {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
};
type PodSpec = {
  containers: Container[];
  restartPolicy?: string;
  enableServiceLinks?: boolean;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
  volumes?: { name: string; emptyDir?: object }[];
};
type Workload = { selector?: { matchLabels: Labels }; replicas?: number; template: { metadata: { labels: Labels }; spec: PodSpec } };
type PolicyPeer = { podSelector?: { matchLabels?: Labels }; namespaceSelector?: { matchLabels?: Labels }; ipBlock?: { cidr: string } };
type PolicyPort = { protocol?: string; port: number; endPort?: number };
type PolicyRule = { from?: PolicyPeer[]; to?: PolicyPeer[]; ports?: PolicyPort[] };
type NetworkPolicy = { podSelector: { matchLabels?: Labels }; policyTypes: string[]; ingress?: PolicyRule[]; egress?: PolicyRule[] };
type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Labels }; spec?: unknown; data?: Record<string, string> };
type Kustomization = {
  namespace?: string;
  resources?: string[];
  patches?: { path: string }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  replicas?: { name: string; count: number }[];
};

// --- The part of kustomize these manifests use: resources, namespace, strategic-merge patches, images, replicas. ---

const KUSTOMIZATION_FIELDS = ['apiVersion', 'kind', 'namespace', 'resources', 'patches', 'images', 'replicas'];
const CLUSTER_SCOPED = new Set(['Namespace']);

function readManifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).flatMap((document) => {
    if (document.errors.length) throw new Error(`${file}: ${document.errors[0]!.message}`);
    const value = document.toJS() as Manifest | null;
    return value ? [value] : [];
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNamed = (value: unknown): value is { name: string } => isRecord(value) && typeof value.name === 'string';

/** Maps merge key by key; lists of named items (containers, env, volumes) merge by name, as their merge keys do; other lists are replaced. */
function strategicMerge(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch) && base.every(isNamed) && patch.every(isNamed)) {
    const merged = base.map((item) => {
      const change = patch.find((p) => p.name === item.name);
      return change ? strategicMerge(item, change) : item;
    });
    return [...merged, ...patch.filter((p) => !base.some((b) => b.name === p.name))];
  }
  if (isRecord(base) && isRecord(patch))
    return Object.fromEntries([...Object.keys(base), ...Object.keys(patch).filter((k) => !(k in base))].map((k) => [k, k in patch ? strategicMerge(base[k], patch[k]) : base[k]]));
  return patch;
}

/** What `kubectl kustomize <dir>` prints, for the fields above; anything else fails loudly rather than being ignored. */
function render(dir: string): Manifest[] {
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const unsupported = Object.keys(kustomization).filter((k) => !KUSTOMIZATION_FIELDS.includes(k));
  if (unsupported.length) throw new Error(`${dir}/kustomization.yaml uses ${unsupported.join(', ')}: teach render() first`);
  let objects = (kustomization.resources ?? []).flatMap((resource) => {
    const path = join(dir, resource);
    return statSync(path).isDirectory() ? render(path) : readManifests(path);
  });
  for (const { path } of kustomization.patches ?? [])
    for (const patch of readManifests(join(dir, path))) {
      const target = objects.find((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
      if (!target) throw new Error(`${path}: no ${patch.kind} ${patch.metadata.name} to patch`);
      objects = objects.map((o) => (o === target ? (strategicMerge(o, patch) as Manifest) : o));
    }
  for (const { name, count } of kustomization.replicas ?? []) {
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
    if (!deployment) throw new Error(`replicas: no Deployment ${name}`);
    (deployment.spec as Workload).replicas = count;
  }
  for (const image of kustomization.images ?? []) {
    const containers = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job').flatMap((o) => (o.spec as Workload).template.spec.containers);
    const matching = containers.filter((c) => c.image === image.name || c.image.startsWith(`${image.name}:`));
    if (!matching.length) throw new Error(`images: no container uses ${image.name}`);
    for (const c of matching) c.image = `${image.newName ?? image.name}:${image.newTag ?? c.image.split(':')[1] ?? 'latest'}`;
  }
  if (kustomization.namespace)
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = kustomization.namespace;
  return objects;
}

// --- Reading the rendered objects. ---

const base = render(baseDir);
const production = render(productionDir);
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { command?: string[] }> };
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

function find(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
  return found;
}
const workload = (o: Manifest) => o.spec as Workload;
const containerOf = (o: Manifest) => workload(o).template.spec.containers[0]!;
const policies = (objects: Manifest[]) => objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => ({ name: o.metadata.name, ...(o.spec as NetworkPolicy) }));
const matches = (selector: { matchLabels?: Labels } | undefined, labels: Labels) => Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
const covers = (ports: PolicyPort[] | undefined, port: number) => (ports ?? []).some((p) => p.port === port || (p.endPort !== undefined && p.port <= port && port <= p.endPort));
const configMap = (objects: Manifest[]) => find(objects, 'ConfigMap', 'caregraph-config').data!;
const secretRefs = (c: Container) => (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : []));
const databaseSecret = (name: string) => ({ name: `caregraph-db-${name}`, key: 'DATABASE_URL' });
/** The scraper `prometheus-scrapes-metrics` admits: Prometheus's pods in the `monitoring` namespace, nothing wider. */
const isPrometheus = (peer: { namespaceSelector?: { matchLabels?: Labels }; podSelector?: { matchLabels?: Labels } }) =>
  JSON.stringify(peer) === JSON.stringify({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } });
const gatewayLabels = () => workload(find(production, 'Deployment', 'gateway')).template.metadata.labels;

/** The port number a probe or Service names, through the container's named ports. */
function resolvePort(container: Container, port: string | number | undefined): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
}

/** Hardening every Caregraph pod has: the checks a restricted Pod Security Standard and an operator would make. */
function expectHardened(o: Manifest) {
  const pod = workload(o).template.spec;
  expect(pod.enableServiceLinks, 'service links would set GATEWAY_PORT=tcp://…').toBe(false);
  expect(pod.automountServiceAccountToken).toBe(false);
  // The Dockerfile's `USER node` is uid 1000 in the node images; runAsNonRoot needs the number to be checkable.
  expect(dockerfile).toMatch(/^USER node$/m);
  expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
  for (const c of pod.containers) {
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(c.securityContext?.capabilities?.drop).toContain('ALL');
    // tsx writes its transpile cache to the temp folder, the only writable place.
    const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
    expect(pod.volumes?.find((v) => v.name === tmp?.name)?.emptyDir, `${c.name}: /tmp from an emptyDir`).toBeDefined();
    for (const field of ['requests', 'limits'] as const) expect(Object.keys(c.resources?.[field] ?? {}).sort(), `${c.name} resources.${field}`).toEqual(['cpu', 'memory']);
    expect(c.envFrom?.every((source) => source.configMapRef?.name === 'caregraph-config' && !source.secretRef), 'envFrom takes only the ConfigMap').toBe(true);
  }
}

function expectProbes(container: Container, port: number) {
  expect(container.readinessProbe?.httpGet?.path).toBe('/ready');
  expect(container.livenessProbe?.httpGet?.path).toBe('/health');
  for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe])
    if (probe) expect(resolvePort(container, probe.httpGet?.port)).toBe(port);
}

function expectService(objects: Manifest[], name: string, port: number) {
  const deployment = find(objects, 'Deployment', name);
  const service = find(objects, 'Service', name).spec as { selector: Labels; ports: { port: number; targetPort: string | number }[] };
  expect(matches({ matchLabels: service.selector }, workload(deployment).template.metadata.labels), 'Service selects the pods').toBe(true);
  expect(service.ports.map((p) => [p.port, resolvePort(containerOf(deployment), p.targetPort)])).toEqual([[port, port]]);
}

function expectDisruptionBudget(objects: Manifest[], name: string) {
  const pdb = find(objects, 'PodDisruptionBudget', name);
  expect(pdb.apiVersion).toBe('policy/v1');
  const spec = pdb.spec as { selector: { matchLabels: Labels }; maxUnavailable?: number; minAvailable?: number };
  expect(matches(spec.selector, workload(find(objects, 'Deployment', name)).template.metadata.labels)).toBe(true);
  expect(spec.maxUnavailable ?? spec.minAvailable).toBeDefined();
}

/** The environment a pod of this workload starts with, its secret references filled with test values. */
function environmentOf(objects: Manifest[], o: Manifest): Record<string, string> {
  const container = containerOf(o);
  const fromSecrets = Object.fromEntries(
    (container.env ?? []).map((e) => [e.name, e.value ?? (e.name.startsWith('DATABASE_URL_') ? `postgres://test@postgres.test:5432/${e.name.toLowerCase()}` : e.name === 'REDIS_URL' ? 'redis://redis.test:6379' : `test-${e.name}-`.padEnd(40, 'x'))]),
  );
  return { ...configMap(objects), ...fromSecrets };
}

const SECRET_NAMES = /SECRET|PASSWORD|PRIVATE_KEY|TOKEN|DATABASE_URL|REDIS_URL/;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

/** Every `{ name, value }` pair and every ConfigMap key whose name looks like a secret, anywhere in the tree. */
function literalSecrets(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => literalSecrets(item, `${path}[${i}]`));
  if (!isRecord(value)) return [];
  const own = isNamed(value) && SECRET_NAMES.test(value.name) && 'value' in value ? [`${path}: ${value.name} has a value`] : [];
  const dataKeys = value.kind === 'ConfigMap' || value.kind === 'Secret' ? Object.keys({ ...(value.data as object), ...(value.stringData as object) }).filter((k) => SECRET_NAMES.test(k)).map((k) => `${path}: ${value.kind} key ${k}`) : [];
  const secretObject = value.kind === 'Secret' ? [`${path}: a Secret object (the operator creates Secrets)`] : [];
  return [...own, ...dataKeys, ...secretObject, ...Object.entries(value).flatMap(([k, v]) => literalSecrets(v, `${path}.${k}`))];
}

describe('deploy/kubernetes', () => {
  it('lists every file of the base and the overlay in its kustomization', () => {
    for (const dir of [baseDir, productionDir]) {
      const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
      const listed = [...(kustomization.resources ?? []), ...(kustomization.patches ?? []).map((p) => p.path)].map((p) => join(dir, p));
      const unlisted = yamlFiles(dir).filter((f) => !f.endsWith('kustomization.yaml') && !listed.includes(f));
      expect(unlisted.map((f) => relative(root, f)), 'files a kustomization never reads').toEqual([]);
    }
  });

  it('keeps the base namespace-agnostic and puts production in its own namespace', () => {
    expect(base.filter((o) => o.metadata.namespace || o.kind === 'Namespace').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    const namespace = find(production, 'Namespace', 'caregraph');
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(production.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'caregraph')).toEqual([]);
  });

  it('runs the one image everywhere: the placeholder in the base, a pinned tag in production', () => {
    const pods = (objects: Manifest[]) => objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');
    expect(new Set(pods(base).map((o) => containerOf(o).image))).toEqual(new Set(['caregraph']));
    const images = new Set(pods(production).map((o) => containerOf(o).image));
    expect(images.size).toBe(1);
    expect([...images][0]).toMatch(/^[\w.\-/]+\/caregraph:\d+\.\d+\.\d+$/);
  });

  it('holds no secret value in any file: Secrets are only referenced', () => {
    const problems = yamlFiles(kubernetes).flatMap((file) =>
      parseAllDocuments(readFileSync(file, 'utf8')).flatMap((document, i) => literalSecrets(document.toJS(), `${relative(kubernetes, file)}#${i}`)),
    );
    expect(problems).toEqual([]);
    for (const file of yamlFiles(kubernetes)) expect(readFileSync(file, 'utf8'), relative(root, file)).not.toMatch(/(postgres(ql)?|rediss?):\/\//);
  });

  it('sets only variables the configuration reads, and the production configuration accepts them', () => {
    for (const o of production.filter((m) => m.kind === 'Deployment' || m.kind === 'Job')) {
      const unknown = Object.keys(environmentOf(production, o)).filter((name) => !CONFIG_VARIABLES.includes(name) && name !== 'npm_config_cache');
      expect(unknown, `${o.metadata.name}: variables no module reads`).toEqual([]);
      const config = loadConfig(environmentOf(production, o));
      expect(config.production, o.metadata.name).toBe(true);
    }
  });

  describe.each(SUBGRAPHS.map((s) => s.name))('%s', (name) => {
    const port = CONTEXT_PORTS[name];
    const suffix = envSuffix(name);

    it('is a Deployment running `subgraph-main.ts <context>`, as docker-compose does', () => {
      const deployment = find(production, 'Deployment', name);
      expect(containerOf(deployment).command).toEqual(['node', '--import', 'tsx/esm', 'packages/platform/src/subgraph-main.ts', name]);
      expect(containerOf(deployment).command).toEqual(compose.services[name]?.command);
      expect(workload(deployment).replicas).toBeGreaterThanOrEqual(2);
      expectHardened(deployment);
    });

    it('listens on its context port behind a Service of that port, where the gateway looks for it', () => {
      const container = containerOf(find(production, 'Deployment', name));
      expect(container.ports?.map((p) => p.containerPort)).toEqual([port]);
      expect(configMap(production)[`PORT_${suffix}`]).toBe(String(port));
      expectService(production, name, port);
      const gateway = loadConfig(environmentOf(production, find(production, 'Deployment', 'gateway')));
      expect(gateway.contexts[name].subgraphUrl).toBe(`http://${name}:${port}/graphql`);
      expect(loadConfig(environmentOf(production, find(production, 'Deployment', name))).contexts[name].port).toBe(port);
    });

    it('is probed for readiness on /ready and liveness on /health', () => {
      expectProbes(containerOf(find(production, 'Deployment', name)), port);
    });

    it('reads its own database URL, from its own Secret, and no other context’s', () => {
      const container = containerOf(find(production, 'Deployment', name));
      const databaseVariables = (container.env ?? []).filter((e) => e.name.startsWith('DATABASE_URL'));
      expect(databaseVariables).toEqual([{ name: `DATABASE_URL_${suffix}`, valueFrom: { secretKeyRef: databaseSecret(name) } }]);
      expect(new Set(secretRefs(container).map((r) => r.name))).toEqual(new Set(['caregraph-shared', `caregraph-db-${name}`]));
    });

    it('has a PodDisruptionBudget', () => {
      expectDisruptionBudget(production, name);
    });

    it('is reached from the gateway only (and Prometheus, for /metrics), on its port; and reaches only DNS, PostgreSQL and Redis', () => {
      const labels = workload(find(production, 'Deployment', name)).template.metadata.labels;
      const own = policies(production).filter((p) => matches(p.podSelector, labels));
      const ingress = own.filter((p) => p.policyTypes.includes('Ingress')).flatMap((p) => p.ingress ?? []);
      expect(ingress.length).toBeGreaterThan(0);
      for (const rule of ingress) {
        expect(rule.from?.length, 'an ingress rule without `from` admits anyone').toBeGreaterThan(0);
        for (const peer of rule.from ?? []) {
          if (isPrometheus(peer)) continue;
          expect(Object.keys(peer), 'pods of this namespace only').toEqual(['podSelector']);
          expect(matches(peer.podSelector, gatewayLabels()) && !matches(peer.podSelector, labels), 'the gateway and not every pod').toBe(true);
        }
        expect(covers(rule.ports, port)).toBe(true);
      }
      const gatewayEgress = policies(production).filter((p) => matches(p.podSelector, gatewayLabels()) && p.policyTypes.includes('Egress')).flatMap((p) => p.egress ?? []);
      expect(gatewayEgress.some((rule) => rule.to?.some((peer) => peer.podSelector !== undefined && matches(peer.podSelector, labels)) && covers(rule.ports, port)), 'the gateway may call it').toBe(true);
      const egress = own.filter((p) => p.policyTypes.includes('Egress'));
      expect(egress.length, 'egress restricted').toBeGreaterThan(0);
      expect(new Set(egress.flatMap((p) => p.egress ?? []).flatMap((rule) => (rule.ports ?? []).map((p) => p.port)))).toEqual(new Set([53, 5432, 6379]));
    });

    it('has its database migrated by the migration Job', () => {
      const job = containerOf(find(production, 'Job', 'migrate'));
      expect(job.env?.find((e) => e.name === `DATABASE_URL_${suffix}`)).toEqual({ name: `DATABASE_URL_${suffix}`, valueFrom: { secretKeyRef: databaseSecret(name) } });
    });
  });

  describe('gateway', () => {
    const port = loadConfig({}).gatewayPort;

    it('is a Deployment running `gateway-main.ts` on GATEWAY_PORT behind a Service, probed on /ready and /health', () => {
      const deployment = find(production, 'Deployment', 'gateway');
      expect(containerOf(deployment).command).toEqual(compose.services.gateway?.command);
      expect(configMap(production).GATEWAY_PORT).toBe(String(port));
      expectService(production, 'gateway', port);
      expectProbes(containerOf(deployment), port);
      expectHardened(deployment);
      expect(secretRefs(containerOf(deployment)).filter((r) => r.name.startsWith('caregraph-db-')), 'the gateway holds no database URL').toEqual([]);
    });

    it('is scaled by a CPU HorizontalPodAutoscaler that owns its replica count, and has a PodDisruptionBudget', () => {
      for (const objects of [base, production]) {
        const hpa = find(objects, 'HorizontalPodAutoscaler', 'gateway');
        expect(hpa.apiVersion).toBe('autoscaling/v2');
        const spec = hpa.spec as { scaleTargetRef: object; minReplicas: number; maxReplicas: number; metrics: { type: string; resource?: { name: string } }[] };
        expect(spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' });
        expect(spec.metrics.some((m) => m.type === 'Resource' && m.resource?.name === 'cpu')).toBe(true);
        expect(spec.minReplicas).toBeGreaterThanOrEqual(2);
        expect(spec.maxReplicas).toBeGreaterThan(spec.minReplicas);
        // With `replicas` set, every apply would reset what the autoscaler chose.
        expect(workload(find(objects, 'Deployment', 'gateway')).replicas).toBeUndefined();
        expectDisruptionBudget(objects, 'gateway');
      }
    });

    it('is reachable from anywhere on its port', () => {
      const ingress = policies(production).filter((p) => matches(p.podSelector, gatewayLabels()) && p.policyTypes.includes('Ingress')).flatMap((p) => p.ingress ?? []);
      expect(ingress.some((rule) => rule.from === undefined && covers(rule.ports, port))).toBe(true);
    });
  });

  it('runs the migration step as a Job with every context’s database and nothing more', () => {
    const job = find(production, 'Job', 'migrate');
    const container = containerOf(job);
    expect(container.command).toEqual(compose.services.migrate?.command);
    expect(['Never', 'OnFailure']).toContain(workload(job).template.spec.restartPolicy);
    expectHardened(job);
    const databases = (container.env ?? []).filter((e) => e.name.startsWith('DATABASE_URL_')).map((e) => e.name);
    expect(databases.sort()).toEqual(SUBGRAPHS.map((s) => `DATABASE_URL_${envSuffix(s.name)}`).sort());
  });

  it('lets Prometheus scrape /metrics on every server, with the scrape token, and nobody else beyond their callers', () => {
    for (const name of ['gateway', ...SUBGRAPHS.map((s) => s.name)]) {
      const deployment = find(production, 'Deployment', name);
      const port = name === 'gateway' ? loadConfig({}).gatewayPort : CONTEXT_PORTS[name as keyof typeof CONTEXT_PORTS];
      const template = workload(deployment).template as { metadata: { labels: Labels; annotations?: Record<string, string> } };
      expect(template.metadata.annotations, name).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' });
      expect(secretRefs(containerOf(deployment)), name).toContainEqual({ name: 'caregraph-shared', key: 'METRICS_TOKEN' });
      const scrape = policies(production).filter((p) => matches(p.podSelector, template.metadata.labels)).flatMap((p) => p.ingress ?? []).filter((rule) => rule.from?.some(isPrometheus));
      expect(scrape.some((rule) => covers(rule.ports, port)), name).toBe(true);
    }
  });

  it('denies ingress by default and restricts the egress of every pod', () => {
    const denyAll = policies(base).find((p) => Object.keys(p.podSelector.matchLabels ?? {}).length === 0 && p.policyTypes.includes('Ingress'));
    expect(denyAll?.ingress ?? [], 'a default-deny policy admits nothing').toEqual([]);
    for (const o of production.filter((m) => m.kind === 'Deployment' || m.kind === 'Job')) {
      const labels = workload(o).template.metadata.labels;
      expect(policies(production).some((p) => matches(p.podSelector, labels) && Object.keys(p.podSelector.matchLabels ?? {}).length > 0 && p.policyTypes.includes('Egress')), o.metadata.name).toBe(true);
    }
  });
});
