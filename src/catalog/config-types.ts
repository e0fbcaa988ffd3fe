/**
 * AWS Config resource types whose names differ from CloudFormation's, or that
 * CloudFormation does not have at all, mapped to the CloudFormation type of
 * the same service. The catalog indexes CloudFormation types; a Config item
 * keeps its own type (evidence rules are keyed by it), and only the service
 * lookup goes through this table.
 *
 * Config's type names: https://docs.aws.amazon.com/config/latest/developerguide/resource-config-reference.html
 * CloudFormation's: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html
 */
export const CONFIG_TYPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  // Renamed services: Config kept the old or short name.
  "AWS::OpenSearch::Domain": ["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"],
  "AWS::ACM::Certificate": ["AWS::CertificateManager::Certificate"],
  "AWS::ACMPCA::CertificateAuthority": ["AWS::ACMPCA::CertificateAuthority"],
  "AWS::ShieldRegional::Protection": ["AWS::Shield::Protection"],
  "AWS::Shield::Protection": ["AWS::Shield::Protection"],
  "AWS::WAF::RateBasedRule": ["AWS::WAF::Rule", "AWS::WAFv2::WebACL"],
  "AWS::WAFRegional::RateBasedRule": ["AWS::WAFRegional::Rule", "AWS::WAFv2::WebACL"],
  // Config-only types: snapshots, account-level settings, compliance and inventory records.
  "AWS::S3::AccountPublicAccessBlock": ["AWS::S3::Bucket"],
  "AWS::S3::StorageLens": ["AWS::S3::StorageLens", "AWS::S3::Bucket"],
  "AWS::RDS::DBSnapshot": ["AWS::RDS::DBInstance"],
  "AWS::RDS::DBClusterSnapshot": ["AWS::RDS::DBCluster", "AWS::RDS::DBInstance"],
  "AWS::RDS::EventSubscription": ["AWS::RDS::EventSubscription", "AWS::RDS::DBInstance"],
  "AWS::Redshift::ClusterSnapshot": ["AWS::Redshift::Cluster"],
  "AWS::Redshift::EventSubscription": ["AWS::Redshift::EventSubscription", "AWS::Redshift::Cluster"],
  "AWS::EC2::RegisteredHAInstance": ["AWS::EC2::Instance"],
  "AWS::EC2::EgressOnlyInternetGateway": ["AWS::EC2::EgressOnlyInternetGateway", "AWS::EC2::VPC"],
  "AWS::SSM::ManagedInstanceInventory": ["AWS::SSM::Association", "AWS::SSM::Document", "AWS::EC2::Instance"],
  "AWS::SSM::PatchCompliance": ["AWS::SSM::PatchBaseline", "AWS::SSM::Association"],
  "AWS::SSM::AssociationCompliance": ["AWS::SSM::Association"],
  "AWS::SSM::FileData": ["AWS::SSM::Association", "AWS::EC2::Instance"],
  "AWS::Backup::RecoveryPoint": ["AWS::Backup::BackupVault"],
  "AWS::Config::ResourceCompliance": ["AWS::Config::ConfigRule"],
  "AWS::Config::ConformancePackCompliance": ["AWS::Config::ConformancePack", "AWS::Config::ConfigRule"],
  "AWS::IAM::Policy": ["AWS::IAM::ManagedPolicy", "AWS::IAM::Policy"],
  "AWS::CloudFront::StreamingDistribution": ["AWS::CloudFront::StreamingDistribution", "AWS::CloudFront::Distribution"],
};

/** The CloudFormation types to try for a Config type that has no entry of its own in the catalog. */
export function configTypeAliases(type: string): readonly string[] {
  return CONFIG_TYPE_ALIASES[type] ?? [];
}
