/**
 * The Azure clouds the adapter knows: where to sign in (authority host),
 * where Azure Resource Manager is, and the token scope for it.
 * https://learn.microsoft.com/azure/azure-government/documentation-government-developer-guide#endpoint-mapping
 * https://learn.microsoft.com/azure/china/resources-developer-guide#check-endpoints-in-azure
 * https://learn.microsoft.com/javascript/api/@azure/identity/azureauthorityhosts
 */
export const AZURE_CLOUDS = {
  AzureCloud: { authorityHost: "https://login.microsoftonline.com", resourceManager: "https://management.azure.com" },
  AzureUSGovernment: { authorityHost: "https://login.microsoftonline.us", resourceManager: "https://management.usgovcloudapi.net" },
  AzureChinaCloud: { authorityHost: "https://login.chinacloudapi.cn", resourceManager: "https://management.chinacloudapi.cn" },
} as const;

/** AzureCloud | AzureUSGovernment | AzureChinaCloud (the names `az cloud list` uses). */
export type AzureCloudName = keyof typeof AZURE_CLOUDS;

export function isAzureCloudName(name: string): name is AzureCloudName {
  return Object.hasOwn(AZURE_CLOUDS, name);
}

/** The ARM endpoint (no trailing slash) and its token scope for a cloud, or for a custom endpoint (Azure Stack Hub, a test fake). */
export function armTarget(cloud: AzureCloudName, endpoint?: string): { endpoint: string; scope: string; authorityHost: string } {
  const known = AZURE_CLOUDS[cloud];
  const base = (endpoint ?? known.resourceManager).replace(/\/+$/, "");
  return { endpoint: base, scope: `${base}/.default`, authorityHost: known.authorityHost };
}

/** Whether a sign-in authority host is one of the known clouds' (MSAL knows their metadata). */
export function isKnownAuthorityHost(host: string): boolean {
  const normalized = host.replace(/\/+$/, "").toLowerCase();
  return Object.values(AZURE_CLOUDS).some((cloud) => cloud.authorityHost === normalized);
}
