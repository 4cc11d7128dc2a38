/**
 * The AWS deploy kit against the code it deploys: the committed template and policy are what the
 * generator makes from tables.ts, the stack's tables are tables.ts, and the policy covers every table,
 * index and AWS call of the app without wildcard actions. The checks return their problems as text, and
 * are themselves shown to catch a missing table, index or setting.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../src/config';
import { allTables, type TableSpec } from '../../../src/platform/db/tables';
import { BUCKET_NAME } from '../../../scripts/deploy/aws-policy';
import { POLICY_PATH, TEMPLATE_PATH, USER_DATA_PATH, renderPolicy, renderTemplate } from '../../../scripts/deploy/aws-template';

/** CloudFormation JSON, checked field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- read field by field; a wrong path fails the assertion
type Json = any;
interface Statement { Sid?: string; Action: string[]; Resource?: string[]; NotResource?: string }

const read = (file: string) => fs.readFileSync(file, 'utf8');
const template: Json = JSON.parse(read(TEMPLATE_PATH));
const policy: { Statement: Statement[] } = JSON.parse(read(POLICY_PATH));
const resourcesOfType = (t: Json, type: string) => Object.entries<Json>(t.Resources).filter(([, r]) => r.Type === type);
/** The template's strings as written: `{ "Fn::Sub": s }` -> s. */
const unSub = (value: Json): Json =>
  typeof value !== 'object' || value === null ? value
    : Array.isArray(value) ? value.map(unSub)
    : 'Fn::Sub' in value && typeof value['Fn::Sub'] === 'string' ? value['Fn::Sub']
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unSub(v)]));

const keys = (partitionKey: string, sortKey?: string) => [
  { AttributeName: partitionKey, KeyType: 'HASH' },
  ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' }] : []),
];
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function tableProblems(t: Json, specs: TableSpec[]): string[] {
  const byName = new Map(resourcesOfType(t, 'AWS::DynamoDB::Table').map(([, r]) => [unSub(r.Properties.TableName) as string, r.Properties]));
  const problems = [...byName.keys()].filter((name) => !specs.some((s) => name === `\${Prefix}-${s.name}`)).map((n) => `${n} is not in tables.ts`);
  for (const spec of specs) {
    const table = byName.get(`\${Prefix}-${spec.name}`);
    if (!table) { problems.push(`table ${spec.name} is missing`); continue; }
    if (!same(table.KeySchema, keys(spec.partitionKey, spec.sortKey))) problems.push(`${spec.name}: key schema differs`);
    const indexes: Json[] = table.GlobalSecondaryIndexes ?? [];
    for (const index of spec.indexes) {
      const found = indexes.find((i) => i.IndexName === index.name);
      if (!found) problems.push(`index ${spec.name}.${index.name} is missing`);
      else if (!same(found.KeySchema, keys(index.partitionKey, index.sortKey)) || found.Projection?.ProjectionType !== 'ALL') problems.push(`index ${spec.name}.${index.name} differs`);
    }
    if (indexes.length !== spec.indexes.length) problems.push(`${spec.name}: ${indexes.length} indexes, tables.ts has ${spec.indexes.length}`);
    const keyAttributes = new Set([spec.partitionKey, spec.sortKey, ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey])].filter(Boolean));
    const defined: Json[] = table.AttributeDefinitions;
    if (defined.length !== keyAttributes.size || !defined.every((d) => keyAttributes.has(d.AttributeName) && d.AttributeType === 'S')) problems.push(`${spec.name}: attribute definitions differ`);
    const ttl = table.TimeToLiveSpecification;
    if (spec.ttlAttribute ? !(ttl?.AttributeName === spec.ttlAttribute && ttl.Enabled === true) : ttl) problems.push(`${spec.name}: TTL differs`);
    if (table.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled !== true) problems.push(`${spec.name}: point-in-time recovery is off`);
    if (table.BillingMode !== 'PAY_PER_REQUEST' || table.SSESpecification?.SSEEnabled !== true) problems.push(`${spec.name}: billing or SSE differs`);
  }
  return problems;
}

const TABLE_ARN = (spec: TableSpec) => `arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${Prefix}-${spec.name}`;

function policyProblems(doc: { Statement: Statement[] }, specs: TableSpec[]): string[] {
  const problems = doc.Statement.flatMap((s) => s.Action.filter((a) => a.includes('*')).map((a) => `wildcard action ${a}`));
  const granted = (arn: string, action: string) => doc.Statement.some((s) => s.Action.includes(action) && s.Resource?.includes(arn));
  for (const spec of specs) {
    if (!granted(TABLE_ARN(spec), 'dynamodb:GetItem')) problems.push(`table ${spec.name} is not in the policy`);
    for (const index of spec.indexes) {
      if (!granted(`${TABLE_ARN(spec)}/index/${index.name}`, 'dynamodb:Query')) problems.push(`index ${spec.name}.${index.name} is not in the policy`);
    }
  }
  const dynamoResources = doc.Statement.flatMap((s) => s.Resource ?? []).filter((r) => r.startsWith('arn:aws:dynamodb'));
  problems.push(...dynamoResources.filter((r) => r.includes('*')).map((r) => `wildcard DynamoDB resource ${r}`));
  return problems;
}

describe('the AWS deploy kit', () => {
  it('is committed as the generator makes it from tables.ts today', () => {
    const stale = (file: string, rendered: string) => (read(file) === rendered ? [] : [`${path.basename(file)} is stale: run \`npm run deploy:template\``]);
    expect([...stale(TEMPLATE_PATH, renderTemplate()), ...stale(POLICY_PATH, renderPolicy())]).toEqual([]);
  });

  it('creates every table of tables.ts with its keys, indexes, TTL, point-in-time recovery and SSE', () => {
    expect(tableProblems(template, allTables)).toEqual([]);
    expect(resourcesOfType(template, 'AWS::DynamoDB::Table')).toHaveLength(allTables.length);
  });

  it('notices a table or index missing from the template, or a setting switched off', () => {
    const broken = JSON.parse(renderTemplate());
    delete broken.Resources.JobsTable;
    broken.Resources.AppointmentsTable.Properties.GlobalSecondaryIndexes.pop();
    delete broken.Resources.SessionsTable.Properties.TimeToLiveSpecification;
    broken.Resources.UsersTable.Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled = false;
    expect(tableProblems(broken, allTables).sort()).toEqual([
      'appointments: 5 indexes, tables.ts has 6',
      'index appointments.byDepartmentDay is missing',
      'sessions: TTL differs',
      'table jobs is missing',
      'users: point-in-time recovery is off',
    ]);
  });

  it('grants the app every table and index of tables.ts, with no wildcard action', () => {
    expect(policyProblems(policy, allTables)).toEqual([]);
  });

  it('notices a missing index or a wildcard action in the policy', () => {
    const broken: typeof policy = JSON.parse(renderPolicy());
    broken.Statement[0].Action.push('dynamodb:*');
    const indexStatement = broken.Statement.find((s) => s.Sid === 'OwnIndexQueries')!;
    indexStatement.Resource = indexStatement.Resource!.filter((r) => !r.endsWith('-appointments/index/byPatient'));
    expect(policyProblems(broken, allTables)).toEqual(['wildcard action dynamodb:*', 'index appointments.byPatient is not in the policy']);
  });

  it('gives the instance role exactly the standalone policy, and no wildcard action anywhere in the role', () => {
    const [, appPolicy] = resourcesOfType(template, 'AWS::IAM::ManagedPolicy')[0];
    expect(unSub(appPolicy.Properties.PolicyDocument)).toEqual(policy);
    const [, role] = resourcesOfType(template, 'AWS::IAM::Role')[0];
    expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: 'AppPolicy' }]);
    const inline: Statement[] = role.Properties.Policies.flatMap((p: Json) => p.PolicyDocument.Statement);
    expect(inline.flatMap((s) => s.Action).filter((a) => a.includes('*'))).toEqual([]);
  });

  it('allows every AWS call the app makes', () => {
    const missing = appAwsCommands().flatMap(({ command, file }) => {
      const actions = IAM_ACTIONS[command];
      if (!actions) return [`${command} in ${file}: add its IAM action to the policy and to IAM_ACTIONS here`];
      return actions.filter((action) => !policy.Statement.some((s) => s.Action.includes(action))).map((a) => `${a} (for ${command} in ${file})`);
    });
    expect(missing).toEqual([]);
  });

  it('lets the app only add to the audit table: no update, no delete, no batch write (T-AUD-02)', () => {
    const audit = allTables.find((spec) => spec.name === 'audit')!;
    const actions = policy.Statement.filter((s) => s.Resource?.includes(TABLE_ARN(audit))).flatMap((s) => s.Action);
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions.filter((a) => /UpdateItem|DeleteItem|BatchWriteItem|PartiQL|\*/.test(a))).toEqual([]);
  });

  it('lets the app delete nothing in archive/, and no object version anywhere (T-ARCH-04)', () => {
    const deletes = policy.Statement.filter((s) => s.Action.some((a) => /^s3:Delete/.test(a)));
    expect(deletes.flatMap((s) => s.Action)).toEqual(['s3:DeleteObject']);
    expect(deletes.flatMap((s) => s.Resource ?? [])).toEqual([`arn:aws:s3:::${BUCKET_NAME}/backups/*`]);
  });

  it('enables Object Lock with no default rule, and lets the app lock only the audit archive, never bypass a lock (T-AUD-02)', () => {
    const [[, bucket]] = resourcesOfType(template, 'AWS::S3::Bucket');
    expect(bucket.Properties).toMatchObject({ ObjectLockEnabled: true, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } });
    expect(bucket.Properties.ObjectLockConfiguration.Rule).toBeUndefined();
    const retention = policy.Statement.filter((s) => s.Action.some((a) => /Retention|LegalHold/.test(a)));
    expect(retention.flatMap((s) => s.Action)).toEqual(['s3:PutObjectRetention']);
    expect(retention.flatMap((s) => s.Resource ?? [])).toEqual([`arn:aws:s3:::${BUCKET_NAME}/archive/audit/*`]);
  });

  it('keeps the bucket private, versioned, KMS-encrypted, with archive/ moving to Glacier', () => {
    const [[, bucket]] = resourcesOfType(template, 'AWS::S3::Bucket');
    const p = bucket.Properties;
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const [encryption] = p.BucketEncryption.ServerSideEncryptionConfiguration;
    expect(encryption.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    const [keyId] = encryption.ServerSideEncryptionByDefault.KMSMasterKeyID['Fn::GetAtt'];
    expect(template.Resources[keyId].Type).toBe('AWS::KMS::Key');
    const rules: Json[] = p.LifecycleConfiguration.Rules.filter((r: Json) => r.Status === 'Enabled');
    const archive = rules.find((r) => r.Prefix === 'archive/');
    expect(archive?.Transitions).toEqual([expect.objectContaining({ StorageClass: expect.stringMatching(/^GLACIER/), TransitionInDays: 30 })]);
    expect(rules.find((r) => r.Prefix === 'backups/')?.ExpirationInDays).toBe(90);
  });

  it('writes an environment that config.ts accepts in aws mode, for the longest allowed names', () => {
    const written = [...read(USER_DATA_PATH).matchAll(/env_line (\w+) /g)].map(([, name]) => name);
    const env = Object.fromEntries([...written, 'MEDTRACK_SESSION_SECRET'].map((name) => [name, SAMPLE_ENV[name]]));
    expect(Object.keys(env).filter((name) => env[name] === undefined)).toEqual([]);
    const config = loadConfig(env);
    expect(config).toMatchObject({ mode: 'aws', tablePrefix: `${'p'.repeat(20)}-`, bucket: SAMPLE_ENV.MEDTRACK_BUCKET });
    // The vault's objects are encrypted with the bucket's own key, which the role may use through S3.
    expect(config.records.encryption).toEqual({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: SAMPLE_ENV.MEDTRACK_VAULT_KMS_KEY_ID });
  });
});

const LONGEST_PREFIX = 'p'.repeat(20);
const SAMPLE_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  MEDTRACK_MODE: 'aws',
  AWS_REGION: 'ap-southeast-2',
  MEDTRACK_TABLE_PREFIX: `${LONGEST_PREFIX}-`,
  MEDTRACK_BUCKET: BUCKET_NAME.replace('${Prefix}', LONGEST_PREFIX).replace('${AWS::AccountId}', '123456789012').replace('${AWS::Region}', 'ap-southeast-2'),
  MEDTRACK_SES_FROM: 'no-reply@hospital.example',
  MEDTRACK_SNS_TOPIC_ARN: 'arn:aws:sns:ap-southeast-2:123456789012:medtrack-staff-alerts',
  MEDTRACK_VAULT_KMS_KEY_ID: 'arn:aws:kms:ap-southeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  MEDTRACK_SNS_SENDER_ID: 'MEDTRACK',
  MEDTRACK_PUBLIC_URL: 'https://portal.hospital.example',
  MEDTRACK_HOSPITAL_NAME: 'City Hospital',
  MEDTRACK_TIMEZONE: 'Australia/Sydney',
  MEDTRACK_SESSION_SECRET: 's'.repeat(48),
};

/** The IAM actions each AWS SDK command needs (transactions are authorised item by item). */
const IAM_ACTIONS: Record<string, string[]> = {
  GetCommand: ['dynamodb:GetItem'],
  PutCommand: ['dynamodb:PutItem'],
  UpdateCommand: ['dynamodb:UpdateItem'],
  DeleteCommand: ['dynamodb:DeleteItem'],
  QueryCommand: ['dynamodb:Query'],
  ScanCommand: ['dynamodb:Scan'],
  BatchGetCommand: ['dynamodb:BatchGetItem'],
  BatchWriteCommand: ['dynamodb:BatchWriteItem'],
  TransactWriteCommand: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
  TransactGetCommand: ['dynamodb:GetItem'],
  DescribeTableCommand: ['dynamodb:DescribeTable'],
  GetObjectCommand: ['s3:GetObject'],
  HeadObjectCommand: ['s3:GetObject'],
  PutObjectCommand: ['s3:PutObject'],
  DeleteObjectCommand: ['s3:DeleteObject'],
  DeleteObjectsCommand: ['s3:DeleteObject'],
  ListObjectsV2Command: ['s3:ListBucket'],
  SendEmailCommand: ['ses:SendEmail'],
  SendRawEmailCommand: ['ses:SendRawEmail'],
  PublishCommand: ['sns:Publish'],
};
for (const name of ['Get', 'Put', 'Update', 'Delete', 'BatchGet', 'BatchWrite']) IAM_ACTIONS[`${name}ItemCommand`] = IAM_ACTIONS[`${name}Command`];
IAM_ACTIONS.TransactWriteItemsCommand = IAM_ACTIONS.TransactWriteCommand;
IAM_ACTIONS.TransactGetItemsCommand = IAM_ACTIONS.TransactGetCommand;

/** Files that talk to AWS only in local mode: the emulators, and table creation (the stack owns tables). */
const LOCAL_ONLY = ['src/platform/local/', 'src/platform/db/bootstrap.ts'];

function appAwsCommands(): { command: string; file: string }[] {
  const root = path.resolve(__dirname, '../../..');
  const files = fs.readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .map((f) => path.posix.join('src', f.split(path.sep).join('/')))
    .filter((f) => f.endsWith('.ts') && !LOCAL_ONLY.some((local) => f.startsWith(local)));
  return files.flatMap((file) => {
    const source = read(path.join(root, file));
    if (!source.includes('@aws-sdk/')) return [];
    return [...new Set([...source.matchAll(/new (\w+Command)\(/g)].map(([, command]) => command))].map((command) => ({ command, file }));
  });
}
