/**
 * The app's least-privilege IAM policy. Written with CloudFormation `${...}` placeholders: the
 * template wraps each such string in Fn::Sub, and deploy/aws/iam-policy.json keeps them for a
 * reader who attaches the policy to a role of their own (deploy/aws/README.md says how).
 */
import type { TableSpec } from '../../src/platform/db/tables';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource?: string[];
  NotResource?: string;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** The S3 prefixes the app reads and writes: archived records, table backups, medical files. */
export const BUCKET_PREFIXES = ['archive/', 'backups/', 'files/'];

export const BUCKET_NAME = '${Prefix}-${AWS::AccountId}-${AWS::Region}';
export const TOPIC_NAME = '${Prefix}-staff-alerts';

export const tableArn = (spec: TableSpec) => `arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${Prefix}-${spec.name}`;

/**
 * Transactions have no IAM action of their own: each Put/Update/Delete/ConditionCheck inside a
 * TransactWriteItems is authorised as PutItem/UpdateItem/DeleteItem/ConditionCheckItem. Scan is
 * for the archival and backup jobs only. No CreateTable: in aws mode the stack owns the tables.
 */
const TABLE_ACTIONS = [
  'BatchGetItem',
  'BatchWriteItem',
  'ConditionCheckItem',
  'DeleteItem',
  'DescribeTable',
  'GetItem',
  'PutItem',
  'Query',
  'Scan',
  'UpdateItem',
].map((action) => `dynamodb:${action}`);

/** Tables whose items the app only adds (TableSpec.appendOnly): no Update/Delete, no BatchWrite (it can delete). */
const APPEND_ONLY_ACTIONS = ['ConditionCheckItem', 'DescribeTable', 'GetItem', 'PutItem', 'Query'].map((action) => `dynamodb:${action}`);

export function appPolicy(tables: TableSpec[]): PolicyDocument {
  const [own, appendOnly] = [tables.filter((spec) => !spec.appendOnly), tables.filter((spec) => spec.appendOnly)];
  const bucketArn = `arn:aws:s3:::${BUCKET_NAME}`;
  const sesIdentity = (name: string) => `arn:aws:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${name}`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'OwnTables', Effect: 'Allow', Action: TABLE_ACTIONS, Resource: own.map(tableArn) },
      ...(appendOnly.length ? [{ Sid: 'AppendOnlyTables', Effect: 'Allow' as const, Action: APPEND_ONLY_ACTIONS, Resource: appendOnly.map(tableArn) }] : []),
      {
        Sid: 'OwnIndexQueries',
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: tables.flatMap((spec) => spec.indexes.map((index) => `${tableArn(spec)}/index/${index.name}`)),
      },
      {
        Sid: 'ListOwnPrefixes',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [bucketArn],
        Condition: { StringLike: { 's3:prefix': BUCKET_PREFIXES.map((prefix) => `${prefix}*`) } },
      },
      {
        Sid: 'ObjectsUnderOwnPrefixes',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: BUCKET_PREFIXES.map((prefix) => `${bucketArn}/${prefix}*`),
      },
      {
        // A backup in progress removes its own manifest; nothing the app does deletes an archive
        // object, so the archive stays tamper-proof against the app's role (T-ARCH-04).
        Sid: 'DeleteBackupObjects',
        Effect: 'Allow',
        Action: ['s3:DeleteObject'],
        Resource: [`${bucketArn}/backups/*`],
      },
      {
        // The audit archive is written with an Object Lock retention date (governance mode); the
        // role may set one, never bypass or shorten it (no s3:BypassGovernanceRetention).
        Sid: 'LockAuditArchive',
        Effect: 'Allow',
        Action: ['s3:PutObjectRetention'],
        Resource: [`${bucketArn}/archive/audit/*`],
      },
      {
        Sid: 'BucketKeyThroughS3',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: ['${BucketKey.Arn}'],
        Condition: { StringEquals: { 'kms:ViaService': 's3.${AWS::Region}.amazonaws.com' } },
      },
      {
        Sid: 'SendFromOwnIdentity',
        Effect: 'Allow',
        Action: ['ses:SendEmail', 'ses:SendRawEmail'],
        Resource: [sesIdentity('${SesIdentity}'), sesIdentity('${SesFromAddress}')],
        Condition: { StringEquals: { 'ses:FromAddress': '${SesFromAddress}' } },
      },
      {
        Sid: 'PublishStaffAlerts',
        Effect: 'Allow',
        Action: ['sns:Publish'],
        Resource: [`arn:aws:sns:\${AWS::Region}:\${AWS::AccountId}:${TOPIC_NAME}`],
      },
      {
        // An SMS is authorised against the phone number itself, which has no ARN; IAM accepts only
        // ARNs or "*" as Resource. "Everything that is not an SNS ARN" is exactly phone numbers,
        // so no other topic or push endpoint of the account is opened (deploy/aws/README.md).
        Sid: 'PublishSmsToPhoneNumbers',
        Effect: 'Allow',
        Action: ['sns:Publish'],
        NotResource: 'arn:aws:sns:*:*:*',
      },
    ],
  };
}
