/**
 * Everything in the CloudFormation template except the tables: parameters, the bucket and its key,
 * the alerts topic, the instance's role, network and launch settings, outputs.
 * deploy/aws/README.md explains each parameter in deploy order.
 */
import { BUCKET_NAME, TOPIC_NAME, type PolicyDocument } from './aws-policy';

export type Cfn = string | number | boolean | Cfn[] | { [key: string]: Cfn };

export const sub = (text: string): Cfn => ({ 'Fn::Sub': text });
export const ref = (name: string): Cfn => ({ Ref: name });
const getAtt = (resource: string, attribute: string): Cfn => ({ 'Fn::GetAtt': [resource, attribute] });
const ifThen = (condition: string, value: Cfn): Cfn => ({ 'Fn::If': [condition, value, ref('AWS::NoValue')] });
const keep = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };

/** The policy document as CloudFormation: every string with a `${...}` placeholder becomes Fn::Sub. */
export function substituted(value: unknown): Cfn {
  if (typeof value === 'string') return value.includes('${') ? sub(value) : value;
  if (Array.isArray(value)) return value.map(substituted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituted(v)]));
  return value as Cfn;
}

const text = (Description: string, extra: Record<string, Cfn> = {}): Cfn => ({ Type: 'String', Description, ...extra });

export const parameters: Record<string, Cfn> = {
  Prefix: text('Names every resource: tables <Prefix>-users..., bucket <Prefix>-<account>-<region>', { Default: 'medtrack', AllowedPattern: '^[a-z][a-z0-9-]{1,19}$' }),
  AppRepoUrl: text('Git URL of the MedTrack repository that the instance clones', { AllowedPattern: "^(https://|git@)[^' ]+$" }),
  AppRef: text('Branch, tag or commit to deploy at first boot', { Default: 'main', AllowedPattern: "^[^' ]+$" }),
  PublicUrl: text('https://<domain> patients use; its DNS record must point at the PublicIp output', { AllowedPattern: '^https://[a-z0-9.-]+$' }),
  SesIdentity: text('The verified SES identity mail is sent from: a domain (recommended) or an address', { AllowedPattern: "^[^' ]+$" }),
  SesFromAddress: text('From address of every e-mail (MEDTRACK_SES_FROM), within SesIdentity', { AllowedPattern: "^[^@' ]+@[^@' ]+$" }),
  SessionSecretParameter: text('SSM SecureString holding MEDTRACK_SESSION_SECRET (create it first)', { Default: '/medtrack/session-secret', AllowedPattern: '^/[A-Za-z0-9_./-]+$' }),
  SmsSenderId: text('Optional SMS sender ID (MEDTRACK_SNS_SENDER_ID), where the country allows one', { Default: '', AllowedPattern: '^[A-Za-z0-9]{0,11}$' }),
  AlertEmail: text('Optional address subscribed to the staff alerts topic', { Default: '', AllowedPattern: "^([^@' ]+@[^@' ]+)?$" }),
  HospitalName: text('Name shown in pages and e-mails', { Default: 'MedTrack', AllowedPattern: "^[^'\\\\]{1,60}$" }),
  TimeZone: text("The hospital's IANA time zone", { Default: 'Asia/Kolkata', AllowedPattern: '^[A-Za-z0-9_/+-]+$' }),
  InstanceType: text('EC2 instance type (2 GiB of memory or more: the first boot compiles the app)', { Default: 't3.small' }),
  KeyName: text('Optional EC2 key pair for SSH', { Default: '' }),
  SshCidr: text('The only addresses allowed to SSH, e.g. 203.0.113.7/32', { AllowedPattern: '^\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}$' }),
  AmiParameter: {
    Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
    Default: '/aws/service/debian/release/12/latest/amd64',
    Description: 'Public SSM parameter naming the AMI (Debian 12: user-data uses apt)',
  },
};

export const conditions: Record<string, Cfn> = {
  HasKeyName: { 'Fn::Not': [{ 'Fn::Equals': [ref('KeyName'), ''] }] },
  HasAlertEmail: { 'Fn::Not': [{ 'Fn::Equals': [ref('AlertEmail'), ''] }] },
  IsUsEast1: { 'Fn::Equals': [ref('AWS::Region'), 'us-east-1'] },
};

/** Settings handed to deploy/aws/user-data.sh as shell variables ahead of its own text. */
const USER_DATA_SETTINGS: Record<string, string> = {
  STACK_PREFIX: '${Prefix}',
  APP_REPO_URL: '${AppRepoUrl}',
  APP_REF: '${AppRef}',
  AWS_REGION: '${AWS::Region}',
  PUBLIC_URL: '${PublicUrl}',
  BUCKET: BUCKET_NAME,
  TOPIC_ARN: '${StaffAlertsTopic}',
  // The bucket's own key for the medical vault's objects (the app's role may use it only through S3).
  VAULT_KMS_KEY: '${BucketKey.Arn}',
  SES_FROM: '${SesFromAddress}',
  SMS_SENDER_ID: '${SmsSenderId}',
  HOSPITAL_NAME: '${HospitalName}',
  TIME_ZONE: '${TimeZone}',
  SESSION_SECRET_PARAMETER: '${SessionSecretParameter}',
};

function userData(script: string): Cfn {
  const settings = Object.entries(USER_DATA_SETTINGS).map(([name, value]) => `${name}='${value}'\n`);
  const header = `#!/bin/bash\n# Stack settings; the rest is deploy/aws/user-data.sh.\n${settings.join('')}`;
  return { 'Fn::Base64': { 'Fn::Join': ['', [sub(header), script.replace(/^#!.*\n/, '')]] } };
}

const s3 = (name: string) => `arn:aws:s3:::${name}`;
const tags = (name: string): Cfn => [{ Key: 'Name', Value: sub(name) }, { Key: 'app', Value: 'medtrack' }];

export function resources(policy: PolicyDocument, userDataScript: string): Record<string, Cfn> {
  return {
    BucketKey: {
      Type: 'AWS::KMS::Key',
      ...keep,
      Properties: {
        Description: sub('MedTrack ${Prefix}: S3 bucket encryption'),
        EnableKeyRotation: true,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: sub('arn:aws:iam::${AWS::AccountId}:root') }, Action: 'kms:*', Resource: '*' }],
        },
      },
    },
    BucketKeyAlias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: sub('alias/${Prefix}-s3'), TargetKeyId: ref('BucketKey') } },
    Bucket: {
      Type: 'AWS::S3::Bucket',
      ...keep,
      Properties: {
        BucketName: sub(BUCKET_NAME),
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt('BucketKey', 'Arn') }, BucketKeyEnabled: true },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        // Object Lock with no default rule: only the objects the app locks as it writes them (the
        // audit archive, archive/audit/) are kept from deletion and overwrite; backups/ stay deletable.
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [
            // Glacier Instant Retrieval: archived visits stay readable at once (patient history, admin browser).
            { Id: 'archive-to-glacier', Status: 'Enabled', Prefix: 'archive/', Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }] },
            { Id: 'expire-old-backups', Status: 'Enabled', Prefix: 'backups/', ExpirationInDays: 90 },
            {
              Id: 'tidy-versions',
              Status: 'Enabled',
              Prefix: '',
              NoncurrentVersionExpiration: { NoncurrentDays: 90 },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            },
          ],
        },
        Tags: tags('${Prefix}'),
      },
    },
    BucketPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: ref('Bucket'),
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyPlainHttp',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [sub(s3(BUCKET_NAME)), sub(`${s3(BUCKET_NAME)}/*`)],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
    StaffAlertsTopic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: sub(TOPIC_NAME), KmsMasterKeyId: 'alias/aws/sns', Tags: tags(TOPIC_NAME) } },
    StaffAlertsEmail: {
      Type: 'AWS::SNS::Subscription',
      Condition: 'HasAlertEmail',
      Properties: { TopicArn: ref('StaffAlertsTopic'), Protocol: 'email', Endpoint: ref('AlertEmail') },
    },
    AppPolicy: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: { ManagedPolicyName: sub('${Prefix}-app'), Description: 'MedTrack app: least privilege', PolicyDocument: substituted(policy) },
    },
    InstanceRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: sub('${Prefix}-instance'),
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
        ManagedPolicyArns: [ref('AppPolicy')],
        Policies: [
          {
            // medtrack-deploy reads the session secret when it writes the app's environment.
            PolicyName: 'read-session-secret',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: sub('arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter${SessionSecretParameter}') },
              ],
            },
          },
        ],
      },
    },
    InstanceProfile: { Type: 'AWS::IAM::InstanceProfile', Properties: { InstanceProfileName: sub('${Prefix}-instance'), Roles: [ref('InstanceRole')] } },
    SecurityGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'MedTrack: HTTP and HTTPS from anywhere, SSH from SshCidr only',
        SecurityGroupIngress: [
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: ref('SshCidr'), Description: 'SSH for administrators' },
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'HTTP (redirects to HTTPS; certbot)' },
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0', Description: 'HTTPS' },
        ],
        Tags: tags('${Prefix}'),
      },
    },
    LaunchTemplate: {
      Type: 'AWS::EC2::LaunchTemplate',
      Properties: {
        LaunchTemplateName: sub('${Prefix}-app'),
        LaunchTemplateData: {
          ImageId: ref('AmiParameter'),
          InstanceType: ref('InstanceType'),
          KeyName: ifThen('HasKeyName', ref('KeyName')),
          IamInstanceProfile: { Arn: getAtt('InstanceProfile', 'Arn') },
          SecurityGroupIds: [getAtt('SecurityGroup', 'GroupId')],
          // IMDSv2 only: a request forgery through the app cannot read the role's credentials.
          MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
          BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true } }],
          UserData: userData(userDataScript),
        },
      },
    },
    Instance: {
      Type: 'AWS::EC2::Instance',
      Properties: {
        LaunchTemplate: { LaunchTemplateId: ref('LaunchTemplate'), Version: getAtt('LaunchTemplate', 'LatestVersionNumber') },
        Tags: tags('${Prefix}-app'),
      },
    },
    PublicIp: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc', InstanceId: ref('Instance'), Tags: tags('${Prefix}-app') } },
  };
}

/** EC2's public DNS name for the Elastic IP (the instance's own attribute predates the EIP). */
const dashedIp = { 'Fn::Join': ['-', { 'Fn::Split': ['.', ref('PublicIp')] }] };
const publicDns: Cfn = {
  'Fn::If': [
    'IsUsEast1',
    { 'Fn::Sub': ['ec2-${Ip}.compute-1.amazonaws.com', { Ip: dashedIp }] },
    { 'Fn::Sub': ['ec2-${Ip}.${AWS::Region}.compute.amazonaws.com', { Ip: dashedIp }] },
  ],
};

export const outputs: Record<string, Cfn> = {
  BucketName: { Description: 'MEDTRACK_BUCKET', Value: ref('Bucket') },
  StaffAlertsTopicArn: { Description: 'MEDTRACK_SNS_TOPIC_ARN', Value: ref('StaffAlertsTopic') },
  InstancePublicDns: { Description: 'Public DNS name of the instance (its Elastic IP)', Value: publicDns },
  PublicIp: { Description: 'Point the PublicUrl domain (A record) here', Value: ref('PublicIp') },
  InstanceId: { Description: 'The app instance', Value: ref('Instance') },
  TablePrefix: { Description: 'MEDTRACK_TABLE_PREFIX', Value: sub('${Prefix}-') },
};
