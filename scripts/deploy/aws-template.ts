/**
 * `npm run deploy:template`: writes deploy/aws/medtrack.template.json and deploy/aws/iam-policy.json
 * from src/platform/db/tables.ts, so a new table or index reaches the stack and the policy by
 * regenerating, never by hand. A unit test fails while the committed files are stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createTableInput } from '../../src/platform/db/create-table';
import { allTables, type TableSpec } from '../../src/platform/db/tables';
import { appPolicy } from './aws-policy';
import { conditions, outputs, parameters, resources, sub, type Cfn } from './aws-resources';

const DEPLOY_DIR = path.resolve(__dirname, '../../deploy/aws');
export const TEMPLATE_PATH = path.join(DEPLOY_DIR, 'medtrack.template.json');
export const POLICY_PATH = path.join(DEPLOY_DIR, 'iam-policy.json');
export const USER_DATA_PATH = path.join(DEPLOY_DIR, 'user-data.sh');

/** `rate-limits` -> `RateLimitsTable`. */
export function tableLogicalId(spec: TableSpec): string {
  return `${spec.name.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase())}Table`;
}

/** SDK request shapes are plain JSON. */
const cfn = (value: unknown) => value as Cfn;

/** The same table the app creates locally (createTableInput), plus what production needs. */
function tableResource(spec: TableSpec): Cfn {
  const input = createTableInput(spec, '');
  return {
    Type: 'AWS::DynamoDB::Table',
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: {
      // config.ts puts the prefix in front of each name as-is; the stack's prefix is `${Prefix}-`.
      TableName: sub(`\${Prefix}-${spec.name}`),
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: cfn(input.AttributeDefinitions),
      KeySchema: cfn(input.KeySchema),
      ...(input.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: cfn(input.GlobalSecondaryIndexes) } : {}),
      ...(spec.ttlAttribute ? { TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true } } : {}),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
      Tags: [{ Key: 'app', Value: 'medtrack' }],
    },
  };
}

export function buildTemplate(): Cfn {
  const tables = Object.fromEntries(allTables.map((spec) => [tableLogicalId(spec), tableResource(spec)]));
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'MedTrack production: DynamoDB tables (from tables.ts), S3, SNS, IAM and one EC2 instance with nginx and pm2',
    Parameters: parameters,
    Conditions: conditions,
    Resources: { ...tables, ...resources(appPolicy(allTables), fs.readFileSync(USER_DATA_PATH, 'utf8')) },
    Outputs: outputs,
  };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export const renderTemplate = () => json(buildTemplate());
export const renderPolicy = () => json(appPolicy(allTables));

if (require.main === module) {
  fs.writeFileSync(TEMPLATE_PATH, renderTemplate());
  fs.writeFileSync(POLICY_PATH, renderPolicy());
  console.log(`Wrote ${path.relative(process.cwd(), TEMPLATE_PATH)} and ${path.relative(process.cwd(), POLICY_PATH)} (${allTables.length} tables).`);
}
